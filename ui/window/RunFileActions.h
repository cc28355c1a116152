#pragma once
// The window's part of recorded runs: File ▸ Open run… and Save run…, dropping a .bnlab file on
// the window, and `bnlab RUN.bnlab`. Loading itself is the session's (TrainingSession::openRun).
// While a recorded run is shown, a permanent note in the status bar says what it is and what
// the file does not hold (never invented: such curves are simply absent).
#include <QObject>
#include <QString>

class QAction;
class QLabel;

namespace bnlab {

class MainWindow;

class RunFileActions : public QObject {
    Q_OBJECT
  public:
    // Adds a File menu in front of the window's menus and accepts dropped .bnlab files.
    explicit RunFileActions(MainWindow& window);

    // Opens `path` in the window; on failure returns the message (naming file and field) and
    // leaves the current run as it was.
    QString openRunFile(const QString& path);
    // Saves the shown run; returns an empty string or the problem.
    QString saveRunFile(const QString& path);

    // What the status bar says about the shown run ("" during a live run).
    QString recordedRunNote() const;

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void openWithDialog();
    void saveWithDialog();
    void updateNote();

    MainWindow& window_;
    QAction* open_ = nullptr;
    QAction* save_ = nullptr;
    QLabel* note_ = nullptr;
};

} // namespace bnlab
