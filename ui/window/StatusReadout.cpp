#include "StatusReadout.h"

#include <QHBoxLayout>
#include <QLabel>

namespace bnlab {

StatusReadout::StatusReadout(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("statusReadout"));
    step_ = new QLabel(this);
    rate_ = new QLabel(this);
    loss_ = new QLabel(this);
    values_ = new QLabel(this);
    step_->setToolTip(tr("Training steps done, and the epoch (passes over the training set)."));
    rate_->setToolTip(tr("Training steps per second, measured."));
    loss_->setToolTip(tr("Training loss of the latest batch."));
    values_->setToolTip(tr("At the latest step, for the selected feature: the exact population "
                           "statistics and the slider's running averages."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(18);
    for (QLabel* label : {step_, rate_, loss_, values_}) {
        label->setTextFormat(Qt::PlainText);
        layout->addWidget(label);
    }
    // The long read-out never forces the window wider than a small screen.
    values_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    values_->setMinimumWidth(0);
    layout->setStretchFactor(values_, 1);
}

void StatusReadout::show(long step, long epoch, double stepsPerSecond, double loss, bool playing,
                         const QString& values) {
    step_->setText(tr("step %1 · epoch %2").arg(step).arg(epoch));
    rate_->setText(playing ? tr("%1 steps/s").arg(qRound(stepsPerSecond)) : tr("paused"));
    loss_->setText(step > 0 ? tr("loss %1").arg(loss, 0, 'f', 4) : QString());
    values_->setText(values);
}

QString StatusReadout::text() const {
    return QStringList{step_->text(), rate_->text(), loss_->text(), values_->text()}.join(
        QStringLiteral("  "));
}

} // namespace bnlab
