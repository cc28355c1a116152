#include "WheelGuard.h"

#include <QAbstractScrollArea>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QEvent>
#include <QWidget>
#include <memory>

namespace bnlab {

void WheelGuard::install(QWidget* panel) {
    auto* guard = new WheelGuard(panel); // owned by the panel
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
        w->installEventFilter(guard);
    }
}

bool WheelGuard::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Wheel)
        return false;
    auto* w = static_cast<QWidget*>(watched);
    if (w->hasFocus())
        return false; // the control the teacher is working with
    // Not for this control: the panel's scroll area gets it (and scrolls).
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (auto* area = qobject_cast<QAbstractScrollArea*>(p)) {
            const std::unique_ptr<QEvent> copy(event->clone());
            QCoreApplication::sendEvent(area->viewport(), copy.get());
            break;
        }
    return true;
}

} // namespace bnlab
