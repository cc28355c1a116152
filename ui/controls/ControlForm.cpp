#include "ControlForm.h"

#include "ControlPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace bnlab {

QFormLayout* ControlForm::section(const QString& title, const QString& tip) {
    auto* box = new QGroupBox(title);
    box->setToolTip(tip);
    auto* form = new QFormLayout(box);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    sections_->addWidget(box);
    groups_ << box;
    return form;
}

void ControlForm::addNamedRow(QFormLayout* form, QWidget* field, const char* name,
                              const QString& tip, bool withLabel) {
    const QString n = QString::fromLatin1(name);
    field->setObjectName(n);
    field->setToolTip(tip);
    Row row;
    row.field = field;
    row.group = qobject_cast<QGroupBox*>(form->parentWidget());
    if (withLabel) {
        auto* label = new QLabel(controlDisplayName(n));
        label->setToolTip(tip);
        label->setBuddy(field);
        form->addRow(label, field);
        row.label = label;
    } else {
        form->addRow(field);
    }
    rows_.insert(n, row);
}

QDoubleSpinBox* ControlForm::doubleSpin(double lo, double hi, int decimals, double step) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setKeyboardTracking(false); // valueChanged on Enter or focus loss, not per digit
    return s;
}

QSpinBox* ControlForm::intSpin(int lo, int hi, int step, const QString& special,
                               const QString& suffix) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setSuffix(suffix);
    s->setSingleStep(step);
    s->setKeyboardTracking(false);
    if (!special.isEmpty())
        s->setSpecialValueText(special); // shown for the minimum
    return s;
}

QComboBox* ControlForm::combo(std::initializer_list<std::pair<QString, int>> items) {
    auto* box = new QComboBox;
    for (const auto& [text, value] : items)
        box->addItem(text, value);
    return box;
}

QLineEdit* ControlForm::pathRow(QFormLayout* form, const char* name, const QString& tip,
                                QWidget* dialogParent, const QString& dialogTitle) {
    auto* container = new QWidget;
    auto* layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* edit = new QLineEdit;
    edit->setObjectName(QString::fromLatin1(name) + QStringLiteral("Edit"));
    edit->setToolTip(tip);
    edit->setClearButtonEnabled(true);
    auto* browse = new QToolButton;
    browse->setObjectName(QString::fromLatin1(name) + QStringLiteral("Browse"));
    browse->setText(QStringLiteral("…"));
    browse->setToolTip(QStringLiteral("Choose the CSV file."));
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QToolButton::clicked, dialogParent, [=] {
        const QString file =
            QFileDialog::getOpenFileName(dialogParent, dialogTitle, edit->text(),
                                         QStringLiteral("CSV files (*.csv);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    addRow(form, container, name, tip);
    return edit;
}

void ControlForm::showAllBut(const QStringList& hidden) {
    QMap<QGroupBox*, bool> anyShown;
    for (auto it = rows_.cbegin(); it != rows_.cend(); ++it) {
        const bool shown = !hidden.contains(it.key());
        it->field->setVisible(shown);
        if (it->label)
            it->label->setVisible(shown);
        anyShown[it->group] = anyShown.value(it->group, false) || shown;
    }
    for (QGroupBox* group : groups_)
        group->setVisible(anyShown.value(group, true));
}

} // namespace bnlab
