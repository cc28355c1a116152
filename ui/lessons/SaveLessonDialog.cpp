#include "SaveLessonDialog.h"

#include "ControlPanel.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

namespace bnlab {

QString SaveLessonDialog::plainTextOf(const QString& html) {
    QStringList paragraphs = explanationParagraphs(html);
    if (paragraphs.isEmpty())
        return QTextDocumentFragment::fromHtml(html).toPlainText().trimmed();
    for (QString& p : paragraphs)
        p = QTextDocumentFragment::fromHtml(p).toPlainText().trimmed();
    return paragraphs.join(QStringLiteral("\n\n"));
}

QString SaveLessonDialog::htmlOf(const QString& plainText) {
    static const QRegularExpression blankLine(QStringLiteral("\\n\\s*\\n"));
    QStringList paragraphs;
    for (const QString& p : plainText.split(blankLine, Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty())
            paragraphs << p.trimmed().toHtmlEscaped().replace('\n', QStringLiteral("<br>"));
    return explanationFromParagraphs(paragraphs);
}

SaveLessonDialog::SaveLessonDialog(const Lesson& current, const QStringList& controlNames,
                                   QWidget* parent)
    : QDialog(parent), current_(current), originalPlainText_(plainTextOf(current.explanation)),
      title_(new QLineEdit(current.title)), explanation_(new QPlainTextEdit(originalPlainText_)),
      steps_(new QSpinBox), speed_(new QDoubleSpinBox), hidden_(new QListWidget) {
    setWindowTitle(tr("Save lesson"));
    resize(640, 720);

    title_->setObjectName(QStringLiteral("lessonTitle"));
    title_->setToolTip(tr("The lesson's title, shown large above the explanation."));
    explanation_->setObjectName(QStringLiteral("lessonExplanation"));
    explanation_->setToolTip(
        tr("What students should look at, what to try and a question; blank lines separate "
           "paragraphs."));
    explanation_->setTabChangesFocus(true);
    steps_->setObjectName(QStringLiteral("suggestedSteps"));
    steps_->setRange(1, 100'000'000);
    steps_->setSingleStep(500);
    steps_->setValue(int(std::clamp<long>(current.suggestedSteps, 1, 100'000'000)));
    steps_->setToolTip(tr("How many steps the lesson should run for."));
    speed_->setObjectName(QStringLiteral("suggestedSpeed"));
    speed_->setRange(0, 1'000'000);
    speed_->setDecimals(0);
    speed_->setSingleStep(50);
    speed_->setSpecialValueText(tr("as fast as possible"));
    speed_->setValue(current.suggestedSpeed);
    speed_->setToolTip(tr("Steps per second while it plays, slow enough to watch."));

    hidden_->setObjectName(QStringLiteral("hiddenControls"));
    hidden_->setToolTip(tr("Ticked controls are hidden from students while the lesson is open."));
    QStringList names = controlNames;
    for (const QString& name : current.hiddenControls)
        if (!names.contains(name))
            names << name; // hidden elsewhere in the window: keep it
    for (const QString& name : names) {
        auto* item = new QListWidgetItem(controlDisplayName(name), hidden_);
        item->setData(Qt::UserRole, name);
        item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        item->setCheckState(current.hiddenControls.contains(name) ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(tr("Control \"%1\"").arg(name));
    }

    auto* form = new QFormLayout;
    form->addRow(tr("Title"), title_);
    form->addRow(tr("Suggested steps"), steps_);
    form->addRow(tr("Suggested speed"), speed_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    QPushButton* save = buttons->button(QDialogButtonBox::Save);
    save->setToolTip(tr("Choose where to write the lesson file."));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto updateSave = [this, save] { save->setEnabled(!title_->text().trimmed().isEmpty()); };
    connect(title_, &QLineEdit::textChanged, this, updateSave);
    updateSave();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Explanation for students (blank line = new paragraph):")));
    layout->addWidget(explanation_, 3);
    layout->addWidget(new QLabel(tr("Hide these controls from students:")));
    layout->addWidget(hidden_, 2);
    layout->addWidget(buttons);
}

Lesson SaveLessonDialog::lesson() const {
    Lesson l = current_;
    l.title = title_->text().trimmed();
    const QString text = explanation_->toPlainText();
    if (text.trimmed() != originalPlainText_.trimmed())
        l.explanation = htmlOf(text);
    l.suggestedSteps = steps_->value();
    l.suggestedSpeed = speed_->value();
    l.hiddenControls.clear();
    for (int i = 0; i < hidden_->count(); ++i)
        if (hidden_->item(i)->checkState() == Qt::Checked)
            l.hiddenControls << hidden_->item(i)->data(Qt::UserRole).toString();
    return l;
}

} // namespace bnlab
