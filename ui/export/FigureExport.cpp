#include "FigureExport.h"

#include "FigureRendering.h"

#include <QBuffer>
#include <QFileInfo>
#include <QLayout>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTextOption>
#include <QWidget>
#include <algorithm>
#include <functional>
#include <qcustomplot.h>

namespace bnlab {

namespace {

constexpr int ScreenDpi = 96; // logical pixels: what the figure looks like on screen

using Painting = std::function<void(QCPPainter&, const QRect& content)>;

QString cannotWrite(const QString& path, const QString& reason) {
    return QStringLiteral("cannot write %1: %2").arg(path, reason);
}

// Lets the widget (or the dashboard holding it) finish background work and hide its hover
// cursor: anything with a prepareForExport() method above or below `object`.
void prepareForExport(QObject* object) {
    auto prepare = [object](QObject* o) {
        if (o->metaObject()->indexOfMethod("prepareForExport()") < 0)
            return false;
        // What is exported: the whole widget (it shows its own key) or one plot inside it.
        o->setProperty("exportTarget", QVariant::fromValue(object));
        QMetaObject::invokeMethod(o, "prepareForExport", Qt::DirectConnection);
        return true;
    };
    for (QObject* o = object; o; o = o->parent())
        if (prepare(o))
            return;
    for (QObject* child : object->findChildren<QObject*>())
        prepare(child);
}

// Undoes prepareForExport where the widget has a finishExport() method (screen legends).
void finishExport(QObject* object) {
    auto finish = [](QObject* o) {
        if (o->metaObject()->indexOfMethod("finishExport()") < 0)
            return false;
        QMetaObject::invokeMethod(o, "finishExport", Qt::DirectConnection);
        return true;
    };
    for (QObject* o = object; o; o = o->parent())
        if (finish(o))
            return;
    for (QObject* child : object->findChildren<QObject*>())
        finish(child);
}

// prepareForExport now, finishExport when the figure is drawn.
class ExportSession {
  public:
    explicit ExportSession(QObject* object) : object_(object) { prepareForExport(object_); }
    ~ExportSession() { finishExport(object_); }
    ExportSession(const ExportSession&) = delete;
    ExportSession& operator=(const ExportSession&) = delete;

  private:
    QObject* object_;
};

// Hides what only makes sense on screen while a plot is drawn into a figure.
class PlotForExport {
  public:
    PlotForExport(QCustomPlot* plot, bool transparent) : plot_(plot) {
        plot_->deselectAll();
        hover_ = plot_->layer(QStringLiteral("hover"));
        hoverWasVisible_ = hover_ && hover_->visible();
        if (hover_)
            hover_->setVisible(false);
        if (transparent)
            plot_->setBackground(QBrush(Qt::NoBrush));
    }
    ~PlotForExport() {
        if (hover_)
            hover_->setVisible(hoverWasVisible_);
        const QVariant background = plot_->property("backgroundColor");
        plot_->setBackground(background.isValid() ? QBrush(background.value<QColor>())
                                                  : QBrush(Qt::white));
        plot_->replot(QCustomPlot::rpQueuedRefresh); // the export changed its layout
    }
    PlotForExport(const PlotForExport&) = delete;
    PlotForExport& operator=(const PlotForExport&) = delete;

  private:
    QCustomPlot* plot_;
    QCPLayer* hover_ = nullptr;
    bool hoverWasVisible_ = false;
};

void paintPlot(QCPPainter& painter, QCustomPlot* plot, const QRect& target) {
    // Titles were chosen for the plot's width on screen; the figure has its own width: the
    // longest of the plot's titles that fits it.
    std::vector<std::pair<QCPTextElement*, QString>> titles;
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i) {
        auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i));
        if (!title || !title->property("titles").isValid())
            continue;
        titles.emplace_back(title, title->text());
        const QStringList choices = title->property("titles").toStringList();
        const QFontMetrics fm(title->font());
        QString chosen = choices.isEmpty() ? title->text() : choices.back();
        for (const QString& t : choices)
            if (fm.horizontalAdvance(t) <= target.width() - 16) {
                chosen = t;
                break;
            }
        title->setText(chosen);
    }
    painter.save();
    painter.translate(target.topLeft());
    painter.setClipRect(QRect(QPoint(), target.size()));
    plot->toPainter(&painter, target.width(), target.height());
    painter.restore();
    for (auto& [title, text] : titles)
        title->setText(text);
}

QFont captionFont(const QSize& size) {
    QFont font;
    font.setPixelSize(std::max(14, std::min(size.width() / 70, size.height() / 40)));
    return font;
}

int captionHeight(const QString& caption, const QSize& size) {
    if (caption.isEmpty())
        return 0;
    const QFontMetrics fm(captionFont(size));
    const int margin = fm.height() / 2;
    const QRect r = fm.boundingRect(QRect(0, 0, size.width() - 2 * margin, size.height()),
                                    Qt::TextWordWrap, caption);
    return std::min(size.height() / 3, r.height() + 2 * margin);
}

void paintCaption(QPainter& painter, const QString& caption, const QSize& size, int height) {
    if (caption.isEmpty())
        return;
    const QFont font = captionFont(size);
    const int margin = QFontMetrics(font).height() / 2;
    painter.save();
    painter.setFont(font);
    painter.setPen(QColor(40, 40, 40));
    painter.drawText(QRect(margin, size.height() - height + margin / 2, size.width() - 2 * margin,
                           height - margin),
                     Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, caption);
    painter.restore();
}

// Paints a figure of `options.size` logical pixels: background, content, caption.
void paintFigure(QCPPainter& painter, const FigureOptions& options, bool opaque,
                 const Painting& content) {
    painter.setMode(QCPPainter::pmNoCaching); // vector text, sharp at any scale
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    const QSize size = options.size;
    if (opaque)
        painter.fillRect(QRect(QPoint(), size), Qt::white);
    const int caption = captionHeight(options.caption, size);
    content(painter, QRect(0, 0, size.width(), size.height() - caption));
    paintCaption(painter, options.caption, size, caption);
}

QImage renderImage(const FigureOptions& options, const Painting& content) {
    const QSize pixels = (QSizeF(options.size) * options.scale).toSize();
    const bool opaque = !options.transparent || options.format == FigureFormat::Jpg;
    // The formats the encoders write as they are: no conversion pass afterwards.
    QImage image(pixels, opaque ? QImage::Format_RGB32 : QImage::Format_ARGB32);
    image.fill(opaque ? Qt::white : Qt::transparent);
    const int dotsPerMeter = int(std::lround(ScreenDpi * options.scale / 0.0254));
    {
        QCPPainter painter(&image);
        painter.scale(options.scale, options.scale);
        paintFigure(painter, options, opaque, content);
    }
    // Logical DPI: text measured as on screen; the metadata says how dense the pixels are.
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    return image;
}

// Renders the figure into bytes in the requested format, or returns an error message.
QString renderBytes(const FigureOptions& options, const Painting& content, QByteArray& bytes) {
    bytes.clear();
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QSize size = options.size;
    switch (options.format) {
    case FigureFormat::Png:
    case FigureFormat::Jpg: {
        const QImage image = renderImage(options, content);
        const bool png = options.format == FigureFormat::Png;
        if (!image.save(&buffer, png ? "PNG" : "JPG", png ? -1 : 95))
            return QStringLiteral("the image could not be encoded");
        break;
    }
    case FigureFormat::Pdf: {
        QPdfWriter writer(&buffer);
        writer.setResolution(ScreenDpi);
        writer.setPageSize(QPageSize(QSizeF(size) * 72.0 / ScreenDpi, QPageSize::Point, QString(),
                                     QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        writer.setCreator(QStringLiteral("BN Lab"));
        QCPPainter painter(&writer);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, options, !options.transparent, content);
        break;
    }
    case FigureFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(), size));
        svg.setResolution(ScreenDpi);
        svg.setTitle(QStringLiteral("BN Lab figure"));
        QCPPainter painter(&svg);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, options, !options.transparent, content);
        break;
    }
    }
    buffer.close();
    if (bytes.isEmpty())
        return QStringLiteral("nothing was drawn");
    return {};
}

// Writes all of `bytes` or nothing: QSaveFile writes a temporary file and renames it.
QString commit(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return cannotWrite(path, reason);
    }
    if (!file.commit())
        return cannotWrite(path, file.errorString());
    return {};
}

QString checkOptions(const QString& path, const FigureOptions& options) {
    if (path.isEmpty())
        return QStringLiteral("cannot write an unnamed file: no path given");
    if (options.size.width() < 16 || options.size.height() < 16)
        return cannotWrite(path, QStringLiteral("the figure size %1×%2 is too small")
                                     .arg(options.size.width())
                                     .arg(options.size.height()));
    if (options.scale < 0.25 || options.scale > 8)
        return cannotWrite(path,
                           QStringLiteral("the scale %1 is outside 0.25–8").arg(options.scale));
    const QSize pixels = (QSizeF(options.size) * options.scale).toSize();
    if (qint64(pixels.width()) * pixels.height() > 400'000'000LL)
        return cannotWrite(path, QStringLiteral("%1×%2 pixels is too large an image")
                                     .arg(pixels.width())
                                     .arg(pixels.height()));
    return {};
}

// Lays a (possibly never shown) widget out at `size`, top-down.
void layOut(QWidget* widget, const QSize& size) {
    widget->resize(size);
    std::function<void(QWidget*)> apply = [&](QWidget* w) {
        if (QLayout* layout = w->layout()) {
            layout->activate();
            layout->setGeometry(w->rect());
        }
        for (QWidget* child : w->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
            if (!child->isWindow())
                apply(child);
    };
    apply(widget);
}

} // namespace

QImage renderPlotImage(QCustomPlot* plot, const FigureOptions& options) {
    const ExportSession session(plot);
    PlotForExport guard(plot, options.transparent);
    return renderImage(options, [plot](QCPPainter& painter, const QRect& content) {
        paintPlot(painter, plot, content);
    });
}

QString exportPlot(QCustomPlot* plot, const QString& path, const FigureOptions& options) {
    if (!plot)
        return cannotWrite(path, QStringLiteral("there is no plot to export"));
    if (QString problem = checkOptions(path, options); !problem.isEmpty())
        return problem;
    QByteArray bytes;
    {
        const ExportSession session(plot);
        PlotForExport guard(plot, options.transparent);
        const QString problem = renderBytes(
            options,
            [plot](QCPPainter& painter, const QRect& content) {
                paintPlot(painter, plot, content);
            },
            bytes);
        if (!problem.isEmpty())
            return cannotWrite(path, problem);
    }
    return commit(path, bytes);
}

QString exportWidget(QWidget* widget, const QString& path, const FigureOptions& options) {
    if (!widget)
        return cannotWrite(path, QStringLiteral("there is nothing to export"));
    if (auto* plot = qobject_cast<QCustomPlot*>(widget))
        return exportPlot(plot, path, options);
    if (QString problem = checkOptions(path, options); !problem.isEmpty())
        return problem;
    const ExportSession session(widget);

    // Lay the widget out at the figure's size (minus the caption), draw, and put it back.
    const QSize oldSize = widget->size();
    const int caption = captionHeight(options.caption, options.size);
    const QSize wanted(options.size.width(), options.size.height() - caption);
    layOut(widget, wanted);
    // A figure smaller than the widget's minimum size: lay out at the minimum, scale down.
    const QSize laidOut = widget->size();
    const double shrink = std::min({1.0, double(wanted.width()) / laidOut.width(),
                                    double(wanted.height()) / laidOut.height()});

    QList<QCustomPlot*> plots;
    for (QCustomPlot* p : widget->findChildren<QCustomPlot*>())
        if (p->isVisibleTo(widget))
            plots << p;
    QByteArray bytes;
    QString problem;
    {
        std::vector<std::unique_ptr<PlotForExport>> guards;
        for (QCustomPlot* p : plots)
            guards.push_back(std::make_unique<PlotForExport>(p, options.transparent));
        problem = renderBytes(
            options,
            [&](QCPPainter& painter, const QRect& content) {
                painter.save();
                painter.translate((content.width() - laidOut.width() * shrink) / 2.0,
                                  (content.height() - laidOut.height() * shrink) / 2.0);
                painter.scale(shrink, shrink);
                // Plots as vectors; everything else (labels, frames) rendered by the widgets.
                QRegion rest(QRect(QPoint(), laidOut));
                for (QCustomPlot* p : plots)
                    rest -= QRect(p->mapTo(widget, QPoint()), p->size());
                // The page is white (or transparent), not the window's grey or dark colour.
                widget->render(&painter, QPoint(), rest, QWidget::DrawChildren);
                for (QCustomPlot* p : plots)
                    paintPlot(painter, p, QRect(p->mapTo(widget, QPoint()), p->size()));
                painter.restore();
            },
            bytes);
    }
    layOut(widget, oldSize);
    if (!problem.isEmpty())
        return cannotWrite(path, problem);
    return commit(path, bytes);
}

FigureFormat figureFormatFromSuffix(const QString& suffix, bool* ok) {
    const QString s = suffix.toLower().remove(QLatin1Char('.'));
    if (ok)
        *ok = true;
    if (s == QLatin1String("png"))
        return FigureFormat::Png;
    if (s == QLatin1String("jpg") || s == QLatin1String("jpeg"))
        return FigureFormat::Jpg;
    if (s == QLatin1String("pdf"))
        return FigureFormat::Pdf;
    if (s == QLatin1String("svg"))
        return FigureFormat::Svg;
    if (ok)
        *ok = false;
    return FigureFormat::Png;
}

QString suffixOf(FigureFormat format) {
    switch (format) {
    case FigureFormat::Png:
        return QStringLiteral("png");
    case FigureFormat::Jpg:
        return QStringLiteral("jpg");
    case FigureFormat::Pdf:
        return QStringLiteral("pdf");
    case FigureFormat::Svg:
        return QStringLiteral("svg");
    }
    return QStringLiteral("png");
}

} // namespace bnlab
