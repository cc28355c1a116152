#include "ApplicationStyle.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyleFactory>
#include <QStyleOption>

namespace bnlab {

ApplicationStyle::ApplicationStyle()
    : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {
    setObjectName(QStringLiteral("bnlabStyle"));
}

void ApplicationStyle::install() {
    if (qobject_cast<ApplicationStyle*>(QApplication::style()))
        return;
    QApplication::setStyle(new ApplicationStyle); // the application takes ownership
}

void ApplicationStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option,
                                     QPainter* painter, const QWidget* widget) const {
    if (element != PE_IndicatorCheckBox && element != PE_IndicatorItemViewItemCheck) {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        return;
    }
    const QPalette& pal = option->palette;
    const bool enabled = option->state & State_Enabled;
    const QPalette::ColorGroup group = enabled ? QPalette::Normal : QPalette::Disabled;
    QColor field = pal.color(group, QPalette::Base);
    QColor text = pal.color(group, QPalette::Text);
    // The outline: the text colour, a quarter of the way towards the field (still ≥ 3:1).
    QColor outline = text;
    outline.setRgbF(0.75f * text.redF() + 0.25f * field.redF(),
                    0.75f * text.greenF() + 0.25f * field.greenF(),
                    0.75f * text.blueF() + 0.25f * field.blueF());
    if (option->state & State_Sunken)
        field = field.lighter(field.lightness() < 128 ? 140 : 95);

    const int side = std::min(option->rect.width(), option->rect.height()) - 1;
    const QRectF box(option->rect.x() + (option->rect.width() - side) / 2.0 + 0.5,
                     option->rect.y() + (option->rect.height() - side) / 2.0 + 0.5, side - 1.0,
                     side - 1.0);
    const bool on = option->state & State_On;
    const bool partly = option->state & State_NoChange;
    const QColor mark = enabled ? pal.color(QPalette::Highlight) : outline;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const double pen = std::max(1.0, side / 13.0);
    painter->setPen(QPen(on || partly ? mark : outline, pen));
    painter->setBrush(on ? mark : field);
    painter->drawRoundedRect(box, 2, 2);
    if (on) {
        // A tick in the highlighted text colour on the filled box.
        QPainterPath tick;
        tick.moveTo(box.left() + box.width() * 0.22, box.top() + box.height() * 0.52);
        tick.lineTo(box.left() + box.width() * 0.42, box.top() + box.height() * 0.72);
        tick.lineTo(box.left() + box.width() * 0.78, box.top() + box.height() * 0.28);
        painter->setPen(QPen(pal.color(group, QPalette::HighlightedText), std::max(1.5, side / 7.0),
                             Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(tick);
    } else if (partly) {
        painter->setPen(QPen(mark, std::max(1.5, side / 7.0), Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(QPointF(box.left() + box.width() * 0.25, box.center().y()),
                          QPointF(box.right() - box.width() * 0.25, box.center().y()));
    }
    painter->restore();
}

} // namespace bnlab
