#include "SpeedControl.h"

#include <QSignalBlocker>
#include <cmath>

namespace bnlab {

namespace {
const double Speeds[] = {2, 5, 10, 30, 100, 300, 1000, 0};
}

SpeedControl::SpeedControl(QWidget* parent) : QComboBox(parent) {
    setObjectName(QStringLiteral("speedControl"));
    for (double s : Speeds) {
        if (s == 0)
            addItem(tr("as fast as possible"), 0.0);
        else if (s == 2)
            addItem(tr("2 steps/s (slow motion)"), s);
        else
            addItem(tr("%1 steps/s").arg(s), s);
    }
    setCurrentIndex(count() - 1);
    setToolTip(tr("How many training steps per second at most; slow motion shows each batch "
                  "nudging the running averages."));
    connect(this, &QComboBox::activated, this, [this] { emit speedChosen(stepsPerSecond()); });
}

void SpeedControl::setStepsPerSecond(double speed) {
    const QSignalBlocker block(this);
    if (speed <= 0) {
        setCurrentIndex(count() - 1); // as fast as possible
        return;
    }
    // A lesson's own speed (say 150 steps/s) gets its own entry, in order.
    int at = 0;
    for (; at < count() - 1; ++at) {
        const double s = itemData(at).toDouble();
        if (std::abs(s - speed) < 1e-9) {
            setCurrentIndex(at);
            return;
        }
        if (s > speed)
            break;
    }
    insertItem(at, tr("%1 steps/s").arg(speed), speed);
    setCurrentIndex(at);
}

double SpeedControl::stepsPerSecond() const {
    return currentData().toDouble();
}

void SpeedControl::faster() {
    if (currentIndex() < count() - 1) {
        setCurrentIndex(currentIndex() + 1);
        emit speedChosen(stepsPerSecond());
    }
}

void SpeedControl::slower() {
    if (currentIndex() > 0) {
        setCurrentIndex(currentIndex() - 1);
        emit speedChosen(stepsPerSecond());
    }
}

} // namespace bnlab
