#pragma once
// The training speed cap, from slow motion (2 steps/s, to watch single batches move the
// curves) to as fast as the engine runs. 0 means "as fast as possible" (TrainingSession).
#include <QComboBox>

namespace bnlab {

class SpeedControl : public QComboBox {
    Q_OBJECT
  public:
    explicit SpeedControl(QWidget* parent = nullptr);
    void setStepsPerSecond(double speed); // picks the nearest entry; no signal
    double stepsPerSecond() const;
    void faster();
    void slower();

  signals:
    void speedChosen(double stepsPerSecond); // the teacher picked a speed
};

} // namespace bnlab
