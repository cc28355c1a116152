#pragma once
// The formulas beside the plots: BatchNorm's batch statistics, the two conventions for the
// running averages (Keras β, PyTorch α), the averaging window, and the paper's Algorithm 2
// (population statistics for inference, Var[x] = m/(m−1)·E_B[σ²_B]).
#include <QWidget>

class QTextBrowser;

namespace bnlab {

class ExplanationPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ExplanationPanel(QWidget* parent = nullptr);
    void setPresentationScale(double scale);
    QString html() const; // the rich text shown (for tests)

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void render();
    QTextBrowser* text_;
    double scale_ = 1.0;
};

} // namespace bnlab
