#include "HelpDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace bnlab {

HelpDialog::HelpDialog(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Keyboard shortcuts"));
    setObjectName(QStringLiteral("helpDialog"));

    struct Row {
        QString keys, what;
    };
    QList<Row> rows;
    for (QAction* action : actions) {
        if (action->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& k : action->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        QString what = action->text();
        what.remove(QLatin1Char('&'));
        rows.append({keys.join(tr("  or  ")), what});
    }
    rows.append({tr("Mouse wheel on a plot"), tr("Zoom the step axis (all four plots together)")});
    rows.append({tr("Drag on a plot"), tr("Pan along the steps (stops following the latest)")});
    rows.append({tr("Click a legend entry"), tr("Hide or show that series in every plot")});
    rows.append({tr("Hover over a plot"), tr("Read the values at that step")});

    table_ = new QTableWidget(int(rows.size()), 2, this);
    table_->setHorizontalHeaderLabels({tr("Keys"), tr("Action")});
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setFocusPolicy(Qt::NoFocus);
    for (int i = 0; i < rows.size(); ++i) {
        auto* keys = new QTableWidgetItem(rows[i].keys);
        QFont bold = keys->font();
        bold.setBold(true);
        keys->setFont(bold);
        table_->setItem(i, 0, keys);
        table_->setItem(i, 1, new QTableWidgetItem(rows[i].what));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->resizeRowsToContents();
    table_->setMinimumSize(680, std::min(760, 40 + table_->rowHeight(0) * int(rows.size())));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Shortcuts work anywhere in the window, except while typing "
                                    "in a text field."),
                                 this));
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
}

} // namespace bnlab
