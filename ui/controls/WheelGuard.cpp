#include "WheelGuard.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

namespace bnlab {

void WheelGuard::install(QWidget* panel) {
    auto* guard = panel->findChild<WheelGuard*>(QString(), Qt::FindDirectChildrenOnly);
    if (!guard)
        guard = new WheelGuard(panel);
    for (QWidget* w : panel->findChildren<QWidget*>()) {
        if (!qobject_cast<QComboBox*>(w) && !qobject_cast<QAbstractSpinBox*>(w) &&
            !qobject_cast<QAbstractSlider*>(w))
            continue;
        if (qobject_cast<QAbstractSlider*>(w) && w->parent() &&
            w->parent()->inherits("QAbstractScrollArea"))
            continue; // the panel's own scroll bars keep scrolling
        // The wheel must not give focus either, or the next turn of it would change the value.
        if (w->focusPolicy() == Qt::WheelFocus)
            w->setFocusPolicy(Qt::StrongFocus);
        w->removeEventFilter(guard);
        w->installEventFilter(guard);
    }
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Wheel)
        return false;
    auto* w = static_cast<QWidget*>(watched);
    if (w->hasFocus())
        return false; // the control the teacher is working with
    // Not for this control: ignored, the event goes on to the parents, and the scroll area
    // scrolls.
    event->ignore();
    return true;
}

} // namespace bnlab
