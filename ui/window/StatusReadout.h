#pragma once
// The status bar's live numbers: step, epoch, measured steps per second, training loss, and
// the selected feature's population statistics next to the slider's EMA.
#include "InferenceCost.h"

#include <QWidget>

class QLabel;

namespace bnlab {

class StatusReadout : public QWidget {
    Q_OBJECT
  public:
    explicit StatusReadout(QWidget* parent = nullptr);
    void show(long step, long epoch, double stepsPerSecond, double loss, bool playing,
              const QString& values);
    // What the inference statistics have cost so far, in extra samples each way (EMA,
    // PreciseBN, exact population): the answer to "why moving averages?" as numbers.
    void showCost(const InferenceCost& cost);
    QString text() const; // everything shown, for tests

  private:
    QLabel* step_;
    QLabel* rate_;
    QLabel* loss_;
    QLabel* cost_ = nullptr;
    QLabel* values_;
};

} // namespace bnlab
