#include "MomentumKey.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

namespace bnlab {

MomentumKey::MomentumKey(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("momentumKey"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    setToolTip(tr("The same colours on every plot. Click an entry to switch that series off or "
                  "on."));
    setCursor(Qt::PointingHandCursor);
}

void MomentumKey::setEntries(std::vector<DashboardCurves::KeyEntry> entries) {
    entries_ = std::move(entries);
    updateGeometry();
    update();
}

QStringList MomentumKey::names() const {
    QStringList out;
    for (const auto& e : entries_)
        out << e.name;
    return out;
}

QRect MomentumKey::entryRect(int index) const {
    const auto rects = layOut(width() - 8);
    return index >= 0 && std::size_t(index) < rects.size()
               ? rects[std::size_t(index)].translated(4, 2)
               : QRect();
}

void MomentumKey::applyTheme(const Theme& theme) {
    theme_ = theme;
    setFont(theme.plotFont());
    updateGeometry();
    update();
}

int MomentumKey::sampleWidth() const {
    return int(24 * theme_.scale);
}

std::vector<QRect> MomentumKey::layOut(int width) const {
    const QFontMetrics fm(font());
    const int h = fm.height() + 2;
    const int gap = fm.horizontalAdvance(QStringLiteral("   "));
    std::vector<QRect> rects;
    int x = 0, y = 0;
    for (const auto& e : entries_) {
        const int w = sampleWidth() + 5 + fm.horizontalAdvance(e.name);
        if (x > 0 && x + w > width) {
            x = 0;
            y += h;
        }
        rects.emplace_back(x, y, w, h);
        x += w + gap;
    }
    return rects;
}

int MomentumKey::heightForWidth(int width) const {
    const auto rects = layOut(std::max(1, width - 8));
    const int rows = rects.empty() ? 1 : rects.back().bottom() + 1;
    return rows + 4;
}

QSize MomentumKey::sizeHint() const {
    return {400, heightForWidth(width() > 0 ? width() : 400)};
}

QSize MomentumKey::minimumSizeHint() const {
    return {100, heightForWidth(width() > 0 ? width() : 400)};
}

void MomentumKey::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (heightForWidth(width()) != height())
        updateGeometry(); // a row more or less
}

void MomentumKey::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.translate(4, 2);
    const auto rects = layOut(width() - 8);
    const QFontMetrics fm(font());
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        const QRect r = rects[i];
        const int cy = r.center().y();
        const QRect sample(r.left(), r.top(), sampleWidth(), r.height());
        QColor colour = e.colour;
        if (e.hidden)
            colour = theme_.mutedText();
        if (e.line) {
            p.setPen(QPen(colour, std::max(1.0, e.width * theme_.scale), e.pen, Qt::FlatCap));
            p.drawLine(sample.left(), cy, sample.right(), cy);
        }
        if (e.shape != QCPScatterStyle::ssNone) {
            const double s = 3.5 * theme_.scale;
            p.setPen(QPen(colour, 1.2));
            p.setBrush(colour);
            if (e.shape == QCPScatterStyle::ssDiamond) {
                QPainterPath path;
                const QPointF c(sample.center().x(), cy);
                path.moveTo(c + QPointF(0, -s * 1.3));
                path.lineTo(c + QPointF(s * 1.3, 0));
                path.lineTo(c + QPointF(0, s * 1.3));
                path.lineTo(c + QPointF(-s * 1.3, 0));
                path.closeSubpath();
                p.setBrush(Qt::NoBrush);
                p.drawPath(path);
            } else {
                for (double dx : {-0.3, 0.0, 0.3}) // a few dots: "many batches"
                    p.drawEllipse(QPointF(sample.center().x() + dx * sample.width(), cy), s * 0.6,
                                  s * 0.6);
            }
            p.setBrush(Qt::NoBrush);
        }
        p.setPen(e.hidden ? theme_.mutedText() : palette().color(QPalette::WindowText));
        QFont f = font();
        f.setStrikeOut(e.hidden);
        p.setFont(f);
        p.drawText(QRect(sample.right() + 5, r.top(), r.width() - sample.width() - 5, r.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, e.name);
    }
}

void MomentumKey::mousePressEvent(QMouseEvent* event) {
    const auto rects = layOut(width() - 8);
    const QPoint at = event->position().toPoint() - QPoint(4, 2);
    for (std::size_t i = 0; i < rects.size(); ++i)
        if (rects[i].contains(at)) {
            emit toggled(entries_[i].key);
            return;
        }
    QWidget::mousePressEvent(event);
}

} // namespace bnlab
