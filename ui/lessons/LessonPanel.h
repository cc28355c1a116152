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

    // Shown in the lesson's own view convention until setConvention says otherwise.
    void setLesson(const Lesson& lesson);
    // Re-renders the momenta in the text (LessonText.h) for the view's convention.
    void setConvention(Convention convention);
    void clearLesson();
    // Presentation mode: 1.0 = normal reading size.
    void setPresentationScale(double scale);

  private:
    void applyFonts();
    void renderText();

    QLabel* title_;
    QTextBrowser* text_;
    QLabel* suggestion_;
    double scale_ = 1.0;
    QString titleSource_, explanationSource_; // with placeholders, as in the lesson file
    Convention convention_ = Convention::Keras;
};

} // namespace bnlab
