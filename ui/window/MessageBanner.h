#pragma once
// A clear, non-modal message across the top of the plots (the run diverged, the step cap was
// reached): the lesson can go on while it is shown, and a click closes it.
#include <QFrame>

class QLabel;

namespace bnlab {

class MessageBanner : public QFrame {
    Q_OBJECT
  public:
    explicit MessageBanner(QWidget* parent = nullptr);
    void showMessage(const QString& text);
    QString text() const;

  private:
    QLabel* text_;
};

} // namespace bnlab
