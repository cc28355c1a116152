#pragma once
// Every keyboard shortcut in one table, read from the window's own actions so the list can
// never go stale, plus what the mouse does on the plots.
#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace bnlab {

class HelpDialog : public QDialog {
    Q_OBJECT
  public:
    HelpDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
    QTableWidget* table() const { return table_; }

  private:
    QTableWidget* table_;
};

} // namespace bnlab
