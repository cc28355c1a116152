#pragma once
// The window's part of recorded runs: File ▸ Open run… and Save run…, dropping a .bnlab file on
// the window, and `bnlab RUN.bnlab`. Loading itself is the session's (TrainingSession::openRun).
// While a recorded run is shown, a permanent note in the status bar says what it is and what
// the file does not hold (never invented: such curves are simply absent, and a plot left empty
// says so), the Controls dock's training setup is disabled with the reason (it describes the
// live run BN Lab trains, not this one), and a run recorded from PyTorch is shown in PyTorch's
// convention. A live run (reset, Apply) restores the setup.
#include "RunningStats.h" // Convention

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

  signals:
    // The shown run was recorded in this convention (PyTorch for bnlab_record.py's runs): the
    // window switches its view to it.
    void conventionSuggested(bnlab::Convention convention);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void openWithDialog();
    void saveWithDialog();
    void updateNote();
    void updateTrainingSetup(); // disabled, with the reason, while a recorded run is shown
    void updateEmptyPlotHints();

    MainWindow& window_;
    QAction* open_ = nullptr;
    QAction* save_ = nullptr;
    QLabel* note_ = nullptr;
    QLabel* setupReason_ = nullptr; // above the Controls dock's training setup
};

} // namespace bnlab
