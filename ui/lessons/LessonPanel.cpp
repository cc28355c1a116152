#include "LessonPanel.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>

namespace bnlab {

namespace {
// Reading sizes in points at scale 1: large enough for the back row.
constexpr double TitlePoints = 17.0;
constexpr double TextPoints = 12.5;
constexpr double NotePoints = 10.5;
} // namespace

LessonPanel::LessonPanel(QWidget* parent)
    : QWidget(parent), title_(new QLabel), text_(new QTextBrowser), suggestion_(new QLabel) {
    auto* layout = new QVBoxLayout(this);
    title_->setObjectName(QStringLiteral("lessonTitle"));
    title_->setWordWrap(true);
    title_->setTextFormat(Qt::PlainText);
    text_->setObjectName(QStringLiteral("lessonExplanation"));
    text_->setOpenExternalLinks(true);
    text_->setFrameShape(QFrame::NoFrame);
    text_->setToolTip(tr("What this lesson shows, what to try and a question to think about."));
    text_->document()->setDefaultStyleSheet(
        QStringLiteral("p { margin-top: 0; margin-bottom: 0.7em; line-height: 130%; }"));
    suggestion_->setObjectName(QStringLiteral("lessonSuggestion"));
    suggestion_->setWordWrap(true);
    // The window text colour, not a faint grey: readable from the back row (contrast ≥ 4.5:1
    // on both themes); the smaller size is what sets it apart.
    layout->addWidget(title_);
    layout->addWidget(text_, 1);
    layout->addWidget(suggestion_);
    applyFonts();
    clearLesson();
}

void LessonPanel::setLesson(const Lesson& lesson) {
    titleSource_ = lesson.title;
    explanationSource_ = lesson.explanation;
    convention_ = lesson.view.convention;
    renderText();
    suggestion_->setText(lesson.suggestedSpeed > 0
                             ? tr("Let it run for about %1 steps, at %2 steps per second.")
                                   .arg(lesson.suggestedSteps)
                                   .arg(lesson.suggestedSpeed)
                             : tr("Let it run for about %1 steps.").arg(lesson.suggestedSteps));
    for (QWidget* w : std::initializer_list<QWidget*>{title_, text_, suggestion_})
        w->show();
}

void LessonPanel::setConvention(Convention convention) {
    if (convention == convention_)
        return;
    convention_ = convention;
    renderText();
}

void LessonPanel::renderText() {
    title_->setText(renderLessonText(titleSource_, convention_));
    text_->setHtml(renderLessonText(explanationSource_, convention_));
}

void LessonPanel::clearLesson() {
    titleSource_.clear();
    explanationSource_.clear();
    title_->clear();
    text_->clear();
    suggestion_->clear();
    for (QWidget* w : std::initializer_list<QWidget*>{title_, text_, suggestion_})
        w->hide();
}

void LessonPanel::setPresentationScale(double scale) {
    scale_ = std::clamp(scale, 0.5, 4.0);
    applyFonts();
}

void LessonPanel::applyFonts() {
    QFont title = font();
    title.setPointSizeF(TitlePoints * scale_);
    title.setBold(true);
    title_->setFont(title);
    QFont text = font();
    text.setPointSizeF(TextPoints * scale_);
    text_->setFont(text);
    text_->document()->setDefaultFont(text);
    QFont note = font();
    note.setPointSizeF(NotePoints * scale_);
    suggestion_->setFont(note);
}

} // namespace bnlab
