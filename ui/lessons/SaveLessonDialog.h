#pragma once
// Saving the current setup as a lesson: the teacher edits the title, the explanation (plain
// text; blank lines separate paragraphs, stored as simple HTML paragraphs), the suggested run
// length and speed, and ticks the controls to hide from students. The configuration and view
// come unchanged from `current`.
#include "Lesson.h"

#include <QDialog>

class QDoubleSpinBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace bnlab {

class SaveLessonDialog : public QDialog {
    Q_OBJECT
  public:
    SaveLessonDialog(const Lesson& current, const QStringList& controlNames,
                     QWidget* parent = nullptr);
    Lesson lesson() const;

    // Plain text with blank-line paragraphs ↔ the stored HTML paragraphs.
    static QString plainTextOf(const QString& html);
    static QString htmlOf(const QString& plainText);

  private:
    Lesson current_;
    QString originalPlainText_; // unchanged text keeps the original HTML (and its formatting)
    QLineEdit* title_;
    QPlainTextEdit* explanation_;
    QSpinBox* steps_;
    QDoubleSpinBox* speed_;
    QListWidget* hidden_;
};

} // namespace bnlab
