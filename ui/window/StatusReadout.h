#pragma once
// The status bar's live numbers: step, epoch, measured steps per second, training loss, and
// the selected feature's population statistics next to the slider's EMA.
#include <QWidget>

class QLabel;

namespace bnlab {

class StatusReadout : public QWidget {
    Q_OBJECT
  public:
    explicit StatusReadout(QWidget* parent = nullptr);
    void show(long step, long epoch, double stepsPerSecond, double loss, bool playing,
              const QString& values);
    QString text() const; // everything shown, for tests

  private:
    QLabel* step_;
    QLabel* rate_;
    QLabel* loss_;
    QLabel* values_;
};

} // namespace bnlab
