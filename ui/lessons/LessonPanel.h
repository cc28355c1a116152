#pragma once
// The lesson beside the plots: its title, large, and the explanation for students, in fonts
// that stay readable on a projector. Empty when no lesson is loaded.
#include "Lesson.h"

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace bnlab {

class LessonPanel : public QWidget {
    Q_OBJECT
  public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void setLesson(const Lesson& lesson);
    void clearLesson();
    // Presentation mode: 1.0 = normal reading size.
    void setPresentationScale(double scale);

  private:
    void applyFonts();

    QLabel* title_;
    QTextBrowser* text_;
    QLabel* suggestion_;
    double scale_ = 1.0;
};

} // namespace bnlab
