#include "StatusReadout.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace bnlab {

StatusReadout::StatusReadout(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("statusReadout"));
    step_ = new QLabel(this);
    rate_ = new QLabel(this);
    loss_ = new QLabel(this);
    values_ = new QLabel(this);
    cost_ = new QLabel(this);
    cost_->setObjectName(QStringLiteral("inferenceCost"));
    cost_->setToolTip(tr("Extra samples pushed through the network so far to get inference "
                         "statistics each way: the EMA is a by-product of training (none); "
                         "PreciseBN runs its batches at every population step; exact population "
                         "statistics take the whole training set at every evaluation."));
    step_->setToolTip(tr("Training steps done, and the epoch (passes over the training set)."));
    rate_->setToolTip(tr("Training steps per second, measured."));
    loss_->setToolTip(tr("Training loss of the latest batch."));
    values_->setToolTip(tr("At the latest step, for the selected feature: the exact population "
                           "statistics and the slider's running averages."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(18);
    for (QLabel* label : {step_, rate_, loss_, values_, cost_}) {
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

void StatusReadout::showCost(const InferenceCost& cost) {
    const QLocale locale(QLocale::English); // 128,640: grouped, the same on every machine
    cost_->setText(cost.steps == 0 ? QString()
                                   : tr("extra samples: EMA %1 · PreciseBN %2 · population %3")
                                         .arg(cost.emaSamples)
                                         .arg(locale.toString(qlonglong(cost.preciseBnSamples)))
                                         .arg(locale.toString(qlonglong(cost.populationSamples))));
}

QString StatusReadout::text() const {
    return QStringList{step_->text(), rate_->text(), loss_->text(), values_->text(), cost_->text()}
        .join(QStringLiteral("  "));
}

} // namespace bnlab
