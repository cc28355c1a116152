#pragma once
// The BN momentum slider — the centrepiece. One handle on a log-like scale in 1−β (see
// MomentumScale.h), an exact-value box, a convention selector deciding which number the slider
// speaks (Keras β or PyTorch α), and a line showing the value in both conventions with the
// averaging window 1/(1−β). Not to be confused with SGD momentum (the optimizer's).
#include "RunningStats.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;

namespace bnlab {

class MomentumScaleLabels;

class MomentumSlider : public QWidget {
    Q_OBJECT
  public:
    explicit MomentumSlider(QWidget* parent = nullptr);

    // Programmatic changes: no signals are emitted.
    void setConvention(Convention convention); // keeps the estimator, rewrites the number
    void setMomentum(double momentumInConvention);
    Convention convention() const { return convention_; }
    double momentum() const; // in convention()
    double decay() const { return beta_; }
    int position() const;

    // Moves the handle one position (keyboard shortcuts); emits momentumChanged.
    void stepBy(int positions);
    void setPresentationScale(double scale);

    QString
    summaryText() const; // "Keras β = 0.99 ⇔ PyTorch α = 0.01 · averaging window = 100 steps"
    // Shown in place of the summary for a while, where the teacher looks (the convention switch
    // says what it changed).
    void showNote(const QString& note, int msecs);
    QSlider* slider() const { return slider_; }
    QComboBox* conventionBox() const { return conventionBox_; }
    QDoubleSpinBox* valueBox() const { return valueBox_; }

  signals:
    // The user moved the slider or typed a value (while dragging too).
    void momentumChanged(double momentumInConvention);
    // The user switched conventions; the estimator is unchanged, its number is rewritten.
    void conventionChanged(bnlab::Convention convention);

  private:
    void setDecay(double beta, bool notify);
    void showDecay();
    void applySliderStyle();

    Convention convention_ = Convention::Keras;
    double beta_ = 0.99;
    double scale_ = 1.0;
    QSlider* slider_;
    QComboBox* conventionBox_;
    QDoubleSpinBox* valueBox_;
    QLabel* title_;
    QLabel* summary_;
    MomentumScaleLabels* labels_;
    QString note_;
    QTimer noteTimer_;
};

} // namespace bnlab
