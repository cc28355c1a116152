#pragma once
// The teaching window: the BN momentum slider above the four plots, the controls and the
// lesson in docks, transport (play, step, reset, speed) in a toolbar, and menus for lessons,
// view (presentation mode, dark theme), export and help. It owns the live TrainingSession
// and the background Reevaluator that makes the accuracy curve follow the slider.
#include "Dashboard.h"
#include "Lesson.h"
#include "Reevaluator.h"
#include "TrainingSession.h"
#include "ViewSettings.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>
#include <optional>

class QAction;
class QDockWidget;
class QMenu;

namespace bnlab {

class ControlPanel;
class ExplanationPanel;
class LessonPanel;
class MessageBanner;
class MomentumSlider;
class RunFileActions;
class SpeedControl;
class StatusReadout;
enum class ExportTarget;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Configures the lesson's run (throws InputError or ConfigError, leaving everything as it
    // was), its view, its hidden controls and its explanation.
    void loadLesson(const Lesson& lesson);
    // Full screen without menu bar, toolbar and docks, fonts and lines scaled to the screen's
    // size (see screen_fit::presentationScale), high contrast.
    void setPresentationMode(bool on);
    bool presentationMode() const { return presentation_; }
    double presentationScale() const; // 1.0 in normal mode
    void setDarkTheme(bool dark);

    TrainingSession& session() { return session_; }
    Dashboard& dashboard() { return *dashboard_; }
    MomentumSlider& momentumSlider() { return *slider_; }
    RunFileActions& runFiles() { return *runFiles_; } // File ▸ Open/Save run, drops, bnlab FILE
    const ViewSettings& viewSettings() const { return view_; }
    QString bannerText() const;
    QString statusText() const; // the status bar's read-outs, for tests
    QList<QAction*> lessonActions() const { return lessonActions_; } // Lessons ▸ 1, 2, …
    QList<QAction*> shortcutActions() const; // every action with a keyboard shortcut

  protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    void buildCentralArea();
    void buildDocks();
    void buildActions();
    void buildMenus();
    void buildToolbar();
    void connectSession();
    void restorePreferences();
    void fitToScreen();
    void applyScale();
    void leaveCurrentMode(); // Esc: the focus view, then presentation mode
    void toggleLesson();
    void applyView(const ViewSettings& view);
    void sliderMoved(double momentum);
    void conventionSwitched(Convention convention);
    void applyConfiguration(const TrainingConfig& config);
    void runReset();
    void sessionUpdated();
    void updateStatus();
    void scheduleReevaluation(bool estimatorChanged);
    void startReevaluation();
    void applyTheme();

    void exportFigure(ExportTarget target);
    void copyPlotToClipboard();
    void exportCsv();
    void openLessonFile();
    void saveLessonAs();
    void showShortcuts();
    void showAbout();
    QCustomPlot* plotForTarget(ExportTarget target) const;
    QString scenarioName() const;

    TrainingSession session_;
    Reevaluator reevaluator_;
    ViewSettings view_;
    std::optional<Lesson> lesson_;
    long pauseAtStep_ = 0; // the lesson's suggested length: play stops there once
    bool presentation_ = false;
    bool dark_ = false;
    bool wasMaximized_ = false;
    bool controlsShownBeforePresentation_ = true;
    bool lessonShownBeforePresentation_ = true;
    QRect normalGeometry_;
    bool fittedOnce_ = false;
    QFont normalFont_;
    PlotId lastPlot_ = PlotId::RunningMean;

    // Re-evaluation of the slider's accuracy: debounced while dragging, spaced out while
    // training adds snapshots.
    QTimer reevaluateTimer_;
    QElapsedTimer sinceReevaluation_;
    std::size_t evaluationsReevaluated_ = 0;

    Dashboard* dashboard_ = nullptr;
    RunFileActions* runFiles_ = nullptr;
    MomentumSlider* slider_ = nullptr;
    MessageBanner* banner_ = nullptr;
    ControlPanel* controls_ = nullptr;
    LessonPanel* lessonPanel_ = nullptr;
    ExplanationPanel* explanation_ = nullptr;
    StatusReadout* status_ = nullptr;
    SpeedControl* speed_ = nullptr;
    QDockWidget* controlsDock_ = nullptr;
    QDockWidget* lessonDock_ = nullptr;
    QDockWidget* explanationDock_ = nullptr;
    QMenu* lessonsMenu_ = nullptr;

    QAction* play_ = nullptr;
    QAction* step_ = nullptr;
    QAction* step10_ = nullptr;
    QAction* reset_ = nullptr;
    QAction* faster_ = nullptr;
    QAction* slower_ = nullptr;
    QAction* longerWindow_ = nullptr;
    QAction* shorterWindow_ = nullptr;
    QAction* presentationAction_ = nullptr;
    QAction* leavePresentation_ = nullptr;
    QAction* darkAction_ = nullptr;
    QAction* follow_ = nullptr;
    QAction* resetView_ = nullptr;
    QAction* trainingAccuracy_ = nullptr;
    QAction* learningRate_ = nullptr;
    QAction* lessonToggle_ = nullptr;
    QAction* leaveFocus_ = nullptr;
    QList<QAction*> focusActions_;
    class QToolBar* toolbar_ = nullptr;
    QAction* exportPlot_ = nullptr;
    QAction* exportDashboard_ = nullptr;
    QAction* copyPlot_ = nullptr;
    QAction* exportCsv_ = nullptr;
    QAction* openLesson_ = nullptr;
    QAction* saveLesson_ = nullptr;
    QAction* shortcuts_ = nullptr;
    QAction* formulas_ = nullptr;
    QAction* about_ = nullptr;
    QAction* quit_ = nullptr;
    QList<QAction*> lessonActions_;
};

} // namespace bnlab
