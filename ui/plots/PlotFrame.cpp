#include "PlotFrame.h"

#include <array>
#include <cmath>
#include <limits>

namespace bnlab {

PlotFrame::PlotFrame(QWidget* parent, const QString& objectName) : plot_(new QCustomPlot(parent)) {
    plot_->setObjectName(objectName);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->setPlottingHint(QCP::phFastPolylines, true);
    plot_->setPlottingHint(QCP::phCacheLabels, true);
    // Small enough that four plots, the slider and both docks fit a 1024×600 window.
    plot_->setMinimumSize(180, 130);

    // Layers: the slider's curves in their own buffer (a slider move redraws only them), the
    // population above them (the target stays visible under any EMA), the hover cursor above
    // everything, in its own buffer too.
    plot_->addLayer(HighlightLayer, plot_->layer("main"), QCustomPlot::limAbove);
    plot_->addLayer(ReferenceLayer, plot_->layer(HighlightLayer), QCustomPlot::limAbove);
    plot_->addLayer(HoverLayer, plot_->layer("legend"), QCustomPlot::limAbove);
    plot_->layer(HighlightLayer)->setMode(QCPLayer::lmBuffered);
    plot_->layer(HoverLayer)->setMode(QCPLayer::lmBuffered);

    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString());
    title_->setMargins(QMargins(4, 2, 4, 0));
    plot_->plotLayout()->addElement(0, 0, title_);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->plotLayout()->setRowSpacing(0);

    // The legend sits inside the data area (what is specific to this plot); a figure export
    // moves it to a row below the axes (legendRow_, kept out of the layout on screen).
    legendRow_ = new QCPLayoutGrid;
    legendRow_->setMargins(QMargins(6, 0, 6, 4));
    plot_->legend->setVisible(true);
    plot_->legend->setSelectableParts(QCPLegend::spItems);
    plot_->legend->setFillOrder(QCPLayoutGrid::foRowsFirst);

    // QCustomPlot keeps 15 px around the axes by default; the data area needs them more.
    plot_->axisRect()->setMinimumMargins(QMargins(2, 6, 14, 2));
    plot_->xAxis->setLabel(QObject::tr("training step"));
    plot_->xAxis->setRange(0, 10);

    plot_->setCurrentLayer(HoverLayer);
    cursor_ = new QCPItemStraightLine(plot_);
    cursor_->point1->setCoords(0, 0);
    cursor_->point2->setCoords(0, 1);
    tracer_ = new QCPItemTracer(plot_);
    tracer_->setStyle(QCPItemTracer::tsCircle);
    tracer_->setInterpolating(false);
    readout_ = new QCPItemText(plot_);
    readout_->position->setType(QCPItemPosition::ptAxisRectRatio);
    readout_->position->setCoords(0.01, 0.02);
    readout_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    readout_->setTextAlignment(Qt::AlignLeft);
    readout_->setPadding(QMargins(6, 4, 6, 4));
    plot_->setCurrentLayer("main");
    hint_ = new QCPItemText(plot_);
    hint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    hint_->position->setCoords(0.5, 0.45);
    hint_->setPositionAlignment(Qt::AlignCenter);
    hint_->setSelectable(false);
    hint_->setVisible(false);
    plot_->setCurrentLayer(ReferenceLayer);
    note_ = new QCPItemText(plot_);
    note_->position->setType(QCPItemPosition::ptAxisRectRatio);
    note_->position->setCoords(0.5, 0.5);
    note_->setPositionAlignment(Qt::AlignCenter);
    note_->setTextAlignment(Qt::AlignCenter);
    note_->setPadding(QMargins(8, 6, 8, 6));
    note_->setSelectable(false);
    note_->setVisible(false);
    plot_->setCurrentLayer("main");
    for (QCPAbstractItem* item :
         {static_cast<QCPAbstractItem*>(cursor_), static_cast<QCPAbstractItem*>(tracer_),
          static_cast<QCPAbstractItem*>(readout_)}) {
        item->setSelectable(false);
        item->setVisible(false);
    }
}

PlotFrame::~PlotFrame() {
    // On screen the row is kept out of the plot's layout, so the plot does not own it.
    if (!legendBelow_)
        delete legendRow_;
}

void PlotFrame::setTitles(const QStringList& titles) {
    titles_ = titles;
    fitToWidth();
}

QString PlotFrame::title() const {
    return title_->text();
}

QString PlotFrame::fullTitle() const {
    return titles_.isEmpty() ? QString() : titles_.front();
}

bool PlotFrame::titleFits() const {
    return QFontMetrics(title_->font()).horizontalAdvance(title_->text()) <= plot_->width() - 8;
}

void PlotFrame::setHint(const QString& text) {
    hint_->setText(text);
    hint_->setVisible(!text.isEmpty());
}

QString PlotFrame::hint() const {
    return hint_->visible() ? hint_->text() : QString();
}

void PlotFrame::setNote(const QString& text) {
    // Wrapped to about 40 characters a line so it stays inside the data area.
    QStringList lines;
    QString line;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + word.size() > 40) {
            lines << line;
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines << line;
    note_->setText(lines.join(QLatin1Char('\n')));
    note_->setProperty("sentence", text);
    note_->setVisible(!text.isEmpty());
}

QString PlotFrame::note() const {
    return note_->visible() ? note_->property("sentence").toString() : QString();
}

void PlotFrame::fitToWidth() {
    const int available = std::max(60, plot_->width() - 8);
    const QFontMetrics fm(title_->font());
    QString chosen = titles_.isEmpty() ? QString() : titles_.back();
    for (const QString& t : titles_)
        if (fm.horizontalAdvance(t) <= available) {
            chosen = t;
            break;
        }
    title_->setText(chosen);
    title_->setProperty("fullTitle", fullTitle()); // a figure has its own width
    title_->setProperty("titles", titles_);
}

void PlotFrame::applyTheme(const Theme& theme) {
    const QColor fg = theme.foreground();
    const QFont font = theme.plotFont();
    QFont tickFont = font;
    tickFont.setPointSizeF(std::max(8.0, font.pointSizeF() * 0.92));
    QFont legendFont = font;
    legendFont.setPointSizeF(std::max(8.0, font.pointSizeF() * 0.9));

    plot_->setBackground(theme.background());
    // QCustomPlot has no getter for its background brush; figure export restores from this.
    plot_->setProperty("backgroundColor", theme.background());
    title_->setFont(theme.titleFont());
    title_->setTextColor(fg);
    title_->setSelectedFont(theme.titleFont());
    const QPen axisPen(fg, theme.lineWidth(1.2));
    for (QCPAxis* axis : plot_->axisRect()->axes()) {
        axis->setBasePen(axisPen);
        axis->setTickPen(axisPen);
        axis->setSubTickPen(QPen(fg, theme.lineWidth(1.0)));
        axis->setTickLabelColor(fg);
        axis->setLabelColor(fg);
        axis->setLabelFont(font);
        axis->setSelectedLabelFont(font);
        axis->setTickLabelFont(tickFont);
        axis->setSelectedTickLabelFont(tickFont);
        axis->setTickLengthIn(0);
        axis->setSubTickLengthIn(0);
        axis->setTickLengthOut(int(4 * theme.scale));
        axis->setSubTickLengthOut(int(2 * theme.scale));
        axis->setTickLabelPadding(int(3 * theme.scale));
        axis->setLabelPadding(int(2 * theme.scale));
        axis->grid()->setPen(QPen(theme.grid(), theme.lineWidth(1.0), Qt::SolidLine));
        axis->grid()->setSubGridPen(QPen(theme.subGrid(), 1.0, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(theme.grid(), theme.lineWidth(1.0)));
    }
    QCPLegend* legend = plot_->legend;
    legend->setFont(legendFont);
    legend->setSelectedFont(legendFont); // a clicked legend entry never looks "selected"
    legend->setTextColor(fg);
    legend->setSelectedTextColor(fg);
    legend->setBrush(theme.legendBackground());
    legend->setBorderPen(QPen(theme.grid()));
    legend->setSelectedBorderPen(QPen(theme.grid()));
    legend->setIconSize(int(22 * theme.scale), int(10 * theme.scale));
    legend->setIconTextPadding(int(4 * theme.scale));
    legend->setColumnSpacing(int(10 * theme.scale));
    legend->setRowSpacing(0);
    legend->setMargins(QMargins(5, 3, 5, 3));
    for (int i = 0; i < legend->itemCount(); ++i) {
        QCPAbstractLegendItem* item = legend->item(i);
        if (!item)
            continue; // an empty cell of the legend's grid
        item->setFont(legendFont);
        item->setSelectedFont(legendFont);
        item->setSelectedTextColor(item->textColor());
    }

    cursor_->setPen(QPen(fg, theme.lineWidth(1.0), Qt::DashLine));
    tracer_->setPen(QPen(fg, theme.lineWidth(2.0)));
    tracer_->setBrush(theme.background());
    tracer_->setSize(10 * theme.scale);
    readout_->setFont(font);
    readout_->setColor(fg);
    readout_->setBrush(theme.legendBackground());
    readout_->setPen(QPen(theme.grid()));
    hint_->setFont(theme.titleFont());
    hint_->setColor(theme.lossLine());
    note_->setFont(font);
    note_->setColor(fg);
    note_->setBrush(theme.legendBackground());
    note_->setPen(QPen(theme.grid()));
    fitToWidth();
}

void PlotFrame::placeLegend() {
    QCPLegend* legend = plot_->legend;
    const bool any = legend->itemCount() > 0;
    legend->setVisible(any);
    if (!any || legendBelow_)
        return;
    // The corner whose legend-sized box covers the fewest drawn points.
    QCPAxisRect* rect = plot_->axisRect();
    const QSize size = legend->minimumOuterSizeHint();
    const QRect area = rect->rect();
    const std::array<Qt::Alignment, 4> corners{
        Qt::AlignTop | Qt::AlignRight, Qt::AlignBottom | Qt::AlignRight,
        Qt::AlignTop | Qt::AlignLeft, Qt::AlignBottom | Qt::AlignLeft};
    Qt::Alignment best = corners[0];
    long fewest = std::numeric_limits<long>::max();
    for (Qt::Alignment corner : corners) {
        const int left = corner & Qt::AlignLeft ? area.left() : area.right() - size.width();
        const int top = corner & Qt::AlignTop ? area.top() : area.bottom() - size.height();
        const QRect box(left, top, size.width(), size.height());
        long covered = 0;
        for (int g = 0; g < plot_->graphCount(); ++g) {
            const QCPGraph* graph = plot_->graph(g);
            if (!graph->visible() || graph->data()->isEmpty())
                continue;
            // The faint background series (loss) may be covered; the curves the lesson is
            // about may not.
            if (graph->property("role").toString() == QLatin1String("loss"))
                continue;
            const double k0 = graph->keyAxis()->pixelToCoord(box.left());
            const double k1 = graph->keyAxis()->pixelToCoord(box.right());
            const auto data = graph->data();
            auto begin = data->findBegin(std::min(k0, k1), false);
            const auto end = data->findEnd(std::max(k0, k1), false);
            const long n = long(end - begin);
            const long stride = std::max(1L, n / 200); // a sample is enough to compare corners
            for (; begin < end; begin += stride) {
                const double y = graph->valueAxis()->coordToPixel(begin->value);
                if (y >= box.top() && y <= box.bottom())
                    ++covered;
                if (end - begin <= stride)
                    break;
            }
        }
        if (covered < fewest) {
            fewest = covered;
            best = corner;
        }
    }
    rect->insetLayout()->setInsetAlignment(0, best);
}

void PlotFrame::setLegendBelow(bool below) {
    if (below == legendBelow_)
        return;
    legendBelow_ = below;
    QCPLegend* legend = plot_->legend;
    QCPLayoutInset* inset = plot_->axisRect()->insetLayout();
    if (below) {
        inset->take(legend);
        inset->simplify();
        legendRow_->addElement(0, 0, legend);
        plot_->plotLayout()->addElement(2, 0, legendRow_);
        plot_->plotLayout()->setRowStretchFactor(2, 0.001);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        legend->setWrap(3);
        legend->setBrush(Qt::NoBrush);
        legend->setBorderPen(Qt::NoPen);
    } else {
        legendRow_->take(legend);
        legendRow_->simplify();
        plot_->plotLayout()->take(legendRow_);
        plot_->plotLayout()->simplify();
        inset->addElement(legend, Qt::AlignTop | Qt::AlignRight);
        legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
        legend->setWrap(0);
    }
    legend->setFillOrder(legend->fillOrder(), true);
}

void PlotFrame::showHover(double step, const QString& readout, QCPGraph* traced) {
    cursor_->point1->setCoords(step, 0);
    cursor_->point2->setCoords(step, 1);
    cursor_->setVisible(true);
    readout_->setText(readout);
    readout_->setVisible(!readout.isEmpty());
    const bool trace = traced && traced->visible() && !traced->data()->isEmpty();
    if (trace) {
        tracer_->setGraph(traced);
        tracer_->setGraphKey(step);
        // The tracer sits on the graph's own value axis (the accuracy plot has two).
        tracer_->position->setAxes(traced->keyAxis(), traced->valueAxis());
    } else {
        tracer_->setGraph(nullptr);
    }
    tracer_->setVisible(trace);
}

void PlotFrame::hideHover() {
    cursor_->setVisible(false);
    readout_->setVisible(false);
    tracer_->setVisible(false);
}

bool PlotFrame::layerFitsAxes(const char* layer) const {
    const QCPRange keys = plot_->xAxis->range();
    for (QCPLayerable* child : plot_->layer(QLatin1String(layer))->children()) {
        auto* g = qobject_cast<QCPGraph*>(child);
        if (!g || !g->visible() || !g->property("fitsAxis").toBool())
            continue;
        QCPAxis* axis = g->valueAxis();
        bool found = false;
        const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
        const QCPRange r = g->getValueRange(found, log ? QCP::sdPositive : QCP::sdBoth, keys);
        if (found && (r.lower < axis->range().lower || r.upper > axis->range().upper))
            return false;
    }
    return true;
}

void PlotFrame::fitValueAxes(bool logarithmic, double margin) {
    const QCPRange keys = plot_->xAxis->range();
    for (QCPAxis* axis : plot_->axisRect()->axes(QCPAxis::atLeft | QCPAxis::atRight)) {
        if (!axis->visible())
            continue;
        bool any = false;
        QCPRange total;
        for (QCPGraph* g : axis->graphs()) {
            if (!g->visible() || !g->property("fitsAxis").toBool())
                continue;
            bool found = false;
            const QCPRange r =
                g->getValueRange(found, logarithmic ? QCP::sdPositive : QCP::sdBoth, keys);
            if (!found)
                continue;
            total =
                any ? QCPRange(std::min(total.lower, r.lower), std::max(total.upper, r.upper)) : r;
            any = true;
        }
        if (!any)
            continue;
        if (logarithmic) {
            const double lo = std::max(total.lower, 1e-6);
            const double hi = std::max(total.upper, lo * 10);
            axis->setRange(lo / std::pow(hi / lo, margin), hi * std::pow(hi / lo, margin));
        } else {
            double span = total.size();
            if (span < 1e-9)
                span = std::max(std::abs(total.center()) * 0.1, 1e-3);
            axis->setRange(total.lower - margin * span, total.upper + margin * span);
        }
    }
}

} // namespace bnlab
