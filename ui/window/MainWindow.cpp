#include "MainWindow.h"

#include "ApplicationStyle.h"
#include "ControlPanel.h"
#include "CsvExport.h"
#include "Errors.h"
#include "ExplanationPanel.h"
#include "ExportDialog.h"
#include "ExportTargetCheck.h"
#include "FigureCaption.h"
#include "FigureRendering.h"
#include "HelpDialog.h"
#include "InferenceCost.h"
#include "LessonPanel.h"
#include "MessageBanner.h"
#include "MomentumScale.h"
#include "MomentumSlider.h"
#include "RunFileActions.h"
#include "SaveLessonDialog.h"
#include "ScreenFit.h"
#include "SpeedControl.h"
#include "StatusReadout.h"
#include "Theme.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace bnlab {

namespace ms = momentum_scale;

namespace {
constexpr int LiveReevaluationMs = 1000; // while training adds snapshots

QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("BN Lab — BatchNorm running statistics"));
    ApplicationStyle::install(); // Fusion, with check boxes seen in every theme
    normalFont_ = font();

    buildCentralArea();
    buildDocks();
    buildActions();
    buildMenus();
    buildToolbar();
    connectSession();
    runFiles_ = new RunFileActions(*this); // after the menus: its File menu goes first
    connect(runFiles_, &RunFileActions::conventionSuggested, this, [this](Convention convention) {
        if (convention != view_.convention) // a run recorded from PyTorch is shown in its words
            conventionSwitched(convention);
    });

    reevaluateTimer_.setSingleShot(true);
    connect(&reevaluateTimer_, &QTimer::timeout, this, &MainWindow::startReevaluation);
    connect(&reevaluator_, &Reevaluator::failed, this,
            [this](quint64, const QString& reason) { banner_->showMessage(reason); });
    connect(&reevaluator_, &Reevaluator::pointsReady, this,
            [this](quint64 job, const std::vector<ReevaluatedPoint>& points) {
                if (job == reevaluator_.currentJob())
                    dashboard_->addSliderAccuracy(points);
            });
    connect(&reevaluator_, &Reevaluator::finished, this, [this](quint64 job) {
        if (job == reevaluator_.currentJob())
            dashboard_->sliderAccuracyComplete(); // the previous momentum's curve goes
    });

    // A sensible first frame: the default run, paused; then the first bundled lesson if any.
    try {
        session_.configure(TrainingConfig{});
    } catch (const std::exception& e) {
        banner_->showMessage(tr("The default configuration failed: %1").arg(e.what()));
    }
    controls_->setConfiguration(session_.configuration());
    const QStringList lessons = bundledLessonPaths();
    if (!lessons.isEmpty()) {
        try {
            loadLesson(bnlab::loadLesson(lessons.front()));
        } catch (const std::exception&) {
            // A broken bundled lesson must not stop the app: the default run stays.
        }
    }
    fitToScreen();
    restorePreferences();
    // The keyboard starts on the plots, so Space, → and the other keys act at once.
    dashboard_->setFocusPolicy(Qt::StrongFocus);
    dashboard_->setFocus();
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    if (fittedOnce_ || presentation_)
        return;
    fittedOnce_ = true;
    // The frame's size is known only now: keep the whole frame on the screen.
    const QRect area = screen_fit::availableArea(this);
    const QRect frame = frameGeometry();
    if (!area.contains(frame)) {
        const QMargins margins(geometry().left() - frame.left(), geometry().top() - frame.top(),
                               frame.right() - geometry().right(),
                               frame.bottom() - geometry().bottom());
        setGeometry(area.marginsRemoved(margins));
    }
}

void MainWindow::fitToScreen() {
    // The whole available area of the screen it opens on; the docks take a share of it.
    const QRect area = screen_fit::availableArea(this);
    setGeometry(area);
    resizeDocks(
        {controlsDock_, lessonDock_},
        {screen_fit::controlsDockWidth(area.width()), screen_fit::lessonDockWidth(area.width())},
        Qt::Horizontal);
}

MainWindow::~MainWindow() {
    reevaluator_.cancel();
    session_.pause();
}

void MainWindow::buildCentralArea() {
    auto* central = new QWidget(this);
    central->setObjectName(QStringLiteral("centralArea"));
    banner_ = new MessageBanner(central);
    slider_ = new MomentumSlider(central);
    dashboard_ = new Dashboard(central);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(2, 2, 2, 0);
    layout->setSpacing(2);
    layout->addWidget(banner_);
    layout->addWidget(slider_);
    layout->addWidget(dashboard_, 1);
    setCentralWidget(central);

    connect(slider_, &MomentumSlider::momentumChanged, this, &MainWindow::sliderMoved);
    connect(slider_, &MomentumSlider::conventionChanged, this, &MainWindow::conventionSwitched);
    connect(dashboard_, &Dashboard::hoveredStep, this,
            [this](long, const QString& summary) { statusBar()->showMessage(summary, 4000); });
    connect(dashboard_, &Dashboard::plotActivated, this, [this](PlotId id) { lastPlot_ = id; });
    connect(dashboard_, &Dashboard::focusedPlotChanged, this,
            [this] { leaveFocus_->setEnabled(dashboard_->focusedPlot().has_value()); });

    status_ = new StatusReadout(this);
    statusBar()->addPermanentWidget(status_, 1);
}

void MainWindow::buildDocks() {
    controls_ = new ControlPanel(this);
    controlsDock_ = new QDockWidget(tr("Controls"), this);
    controlsDock_->setObjectName(QStringLiteral("controlsDock"));
    controlsDock_->setWidget(controls_);
    addDockWidget(Qt::LeftDockWidgetArea, controlsDock_);

    lessonPanel_ = new LessonPanel(this);
    lessonDock_ = new QDockWidget(tr("Lesson"), this);
    lessonDock_->setObjectName(QStringLiteral("lessonDock"));
    lessonDock_->setWidget(lessonPanel_);
    addDockWidget(Qt::RightDockWidgetArea, lessonDock_);

    explanation_ = new ExplanationPanel(this);
    explanationDock_ = new QDockWidget(tr("Formulas"), this);
    explanationDock_->setObjectName(QStringLiteral("explanationDock"));
    explanationDock_->setWidget(explanation_);
    addDockWidget(Qt::RightDockWidgetArea, explanationDock_);
    tabifyDockWidget(lessonDock_, explanationDock_);
    lessonDock_->raise();

    connect(controls_, &ControlPanel::configurationApplied, this, &MainWindow::applyConfiguration);
    connect(controls_, &ControlPanel::viewSettingsEdited, this, [this](const ViewSettings& v) {
        ViewSettings next = v;
        // The slider owns its momentum and the convention.
        next.convention = view_.convention;
        next.sliderMomentum = view_.sliderMomentum;
        applyView(next);
    });
}

void MainWindow::connectSession() {
    connect(&session_, &TrainingSession::updated, this, &MainWindow::sessionUpdated);
    connect(&session_, &TrainingSession::historyReset, this, &MainWindow::runReset);
    connect(&session_, &TrainingSession::playingChanged, this, [this](bool playing) {
        play_->setText(playing ? tr("Pause") : tr("Play"));
        play_->setIcon(icon(playing ? "pause" : "play"));
        updateStatus();
    });
    connect(&session_, &TrainingSession::divergedWith, this, [this](const QString& reason) {
        banner_->showMessage(tr("The run diverged at step %1: %2. The history so far is kept — "
                                "lower the learning rate and Apply, or press R to reset.")
                                 .arg(session_.history().steps() + 1)
                                 .arg(reason));
    });
    connect(&session_, &TrainingSession::capReached, this, [this](long steps) {
        banner_->showMessage(tr("The run reached the limit of %1 recorded steps and paused. The "
                                "history is kept; press R to start again.")
                                 .arg(steps));
    });
}

void MainWindow::restorePreferences() {
    QSettings settings;
    // A remembered size only where it still fits (the projector may be smaller than the
    // laptop the lesson was prepared on).
    const QRect fitted = geometry();
    if (restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()) &&
        !screen_fit::fits(frameGeometry(), screen_fit::availableArea(this)))
        setGeometry(fitted);
    else
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    setDarkTheme(settings.value(QStringLiteral("view/darkTheme"), false).toBool());
    if (!lesson_) {
        const auto convention = Convention(
            settings.value(QStringLiteral("view/convention"), int(view_.convention)).toInt());
        if (convention != view_.convention)
            conventionSwitched(convention);
        const double speed = settings.value(QStringLiteral("transport/speed"), 0.0).toDouble();
        session_.setSpeed(speed);
        speed_->setStepsPerSecond(speed);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    if (presentation_)
        setPresentationMode(false); // save the normal window, not the full screen
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("view/darkTheme"), dark_);
    settings.setValue(QStringLiteral("view/convention"), int(view_.convention));
    session_.pause();
    QMainWindow::closeEvent(event);
}

// --- Lessons and configuration ---------------------------------------------------------------

void MainWindow::loadLesson(const Lesson& lesson) {
    session_.configure(lesson.config); // throws before anything else changes
    if (!lesson.run.isEmpty())         // a lesson on a recorded run shows it instead of training
        if (const QString problem = runFiles_->openRunFile(lesson.run); !problem.isEmpty())
            throw InputError(problem.toStdString());
    lesson_ = lesson;
    pauseAtStep_ = lesson.suggestedSteps;
    controls_->setConfiguration(session_.configuration());
    controls_->setConfigurationError(QString());
    controls_->setHiddenControls(lesson.hiddenControls);
    // Controls of this window a lesson may hide too.
    slider_->conventionBox()->setVisible(
        !lesson.hiddenControls.contains(slider_->conventionBox()->objectName()));
    slider_->valueBox()->setVisible(
        !lesson.hiddenControls.contains(slider_->valueBox()->objectName()));
    lessonPanel_->setLesson(lesson);
    lessonDock_->show();
    lessonDock_->raise();
    session_.setSpeed(lesson.suggestedSpeed);
    speed_->setStepsPerSecond(lesson.suggestedSpeed);
    slider_->setConvention(lesson.view.convention);
    applyView(lesson.view);
    setWindowTitle(tr("BN Lab — %1").arg(lesson.title));
    banner_->hide();
    statusBar()->showMessage(tr("Lesson loaded: %1. Press Space to play.").arg(lesson.title), 6000);
}

void MainWindow::applyConfiguration(const TrainingConfig& config) {
    try {
        session_.configure(config);
        controls_->setConfigurationError(QString());
        controls_->setConfiguration(session_.configuration());
        banner_->hide();
    } catch (const InputError& e) {
        controls_->setConfigurationError(QString::fromUtf8(e.what()));
    } catch (const ConfigError& e) {
        controls_->setConfigurationError(QString::fromUtf8(e.what()));
    } catch (const std::bad_alloc&) { // the GUI action's boundary: the current run is kept
        controls_->setConfigurationError(
            tr("Out of memory: this configuration needs more memory than the machine could give. "
               "Lower the widths, samples or PreciseBN batches; the current run is kept."));
    } catch (const std::exception& e) {
        controls_->setConfigurationError(tr("Internal error: %1").arg(QString::fromUtf8(e.what())));
    }
}

void MainWindow::runReset() {
    reevaluator_.cancel();
    reevaluateTimer_.stop();
    evaluationsReevaluated_ = 0;
    dashboard_->setEstimatorBank(session_.configuration().estimators);
    dashboard_->resetRun(session_.info());
    controls_->setRunInfo(session_.info()); // may clamp the layer/feature: viewSettingsEdited
    dashboard_->setViewSettings(view_, session_.history());
    dashboard_->clearSliderAccuracy();
    banner_->hide();
    updateStatus();
}

// --- The view and the slider -----------------------------------------------------------------

void MainWindow::applyView(const ViewSettings& view) {
    const EstimatorSpec before = dashboard_->sliderSpec();
    view_ = view;
    slider_->setConvention(view_.convention);
    slider_->setMomentum(view_.sliderMomentum);
    controls_->setViewSettings(view_);
    lessonPanel_->setConvention(view_.convention); // the lesson's momenta in the view's words
    dashboard_->setViewSettings(view_, session_.history());
    scheduleReevaluation(!(dashboard_->sliderSpec() == before));
    updateStatus();
}

void MainWindow::sliderMoved(double momentum) {
    ViewSettings next = view_;
    next.sliderMomentum = momentum;
    applyView(next);
}

void MainWindow::conventionSwitched(Convention convention) {
    // The same estimators, written in the other convention.
    ViewSettings next = view_;
    for (double& m : next.comparedMomenta)
        m = ms::convert(m, view_.convention, convention);
    next.sliderMomentum = ms::convert(view_.sliderMomentum, view_.convention, convention);
    next.convention = convention;
    next.unbiasedVariance = convention == Convention::PyTorch; // each convention's own default
    QSettings().setValue(QStringLiteral("view/convention"), int(convention));
    applyView(next);
    // Said where it happens: the number means something else now, and the variance changed.
    slider_->showNote(convention == Convention::PyTorch
                          ? tr("Now PyTorch α = 1 − β: the same averages, written as the new "
                               "batch's weight; the variance is now PyTorch's unbiased "
                               "m/(m−1)·σ².")
                          : tr("Now Keras β = 1 − α: the same averages, written as the old "
                               "value's weight; the variance is now Keras' biased σ²."),
                      9000);
}

// --- Live updates ------------------------------------------------------------------------------

void MainWindow::sessionUpdated() {
    const History& history = session_.history();
    dashboard_->historyGrew(history);
    if (history.evaluations().size() > evaluationsReevaluated_)
        scheduleReevaluation(false);
    if (pauseAtStep_ > 0 && history.steps() >= pauseAtStep_ && session_.isPlaying()) {
        session_.pause();
        statusBar()->showMessage(tr("The lesson's suggested %1 steps are done — press Space to "
                                    "continue.")
                                     .arg(pauseAtStep_),
                                 10000);
        pauseAtStep_ = 0; // only once
    }
    updateStatus();
}

void MainWindow::updateStatus() {
    const History& h = session_.history();
    const double loss = h.loss().empty() ? 0.0 : h.loss().back();
    status_->show(h.steps(), session_.epoch(), session_.measuredStepsPerSecond(), loss,
                  session_.isPlaying(),
                  dashboard_->currentValuesSummary() + session_.observationSpacingNote());
    status_->showCost(inferenceCost(h, session_.configuration(), session_.info().trainingSamples));
}

void MainWindow::scheduleReevaluation(bool estimatorChanged) {
    if (dashboard_->sliderAccuracyFromBank()) {
        // Tracked online: the History already holds this estimator's accuracy.
        reevaluator_.cancel();
        reevaluateTimer_.stop();
        return;
    }
    if (estimatorChanged) {
        // At once (the newest steps first), while the previous momentum's curve stays dimmed;
        // slider moves within one turn of the event loop start one job.
        reevaluator_.cancel(); // points of the old estimator must not arrive any more
        reevaluateTimer_.start(0);
        return;
    }
    if (reevaluateTimer_.isActive())
        return;
    const qint64 since = sinceReevaluation_.isValid() ? sinceReevaluation_.elapsed() : 1 << 30;
    reevaluateTimer_.start(int(std::max<qint64>(0, LiveReevaluationMs - since)));
}

void MainWindow::startReevaluation() {
    const History& history = session_.history();
    if (!session_.evaluator() || history.evaluations().empty())
        return;
    evaluationsReevaluated_ = history.evaluations().size();
    sinceReevaluation_.start();
    reevaluator_.start(history, session_.evaluator(), dashboard_->sliderSpec());
}

// --- Presentation and theme ------------------------------------------------------------------

void MainWindow::setPresentationMode(bool on) {
    if (on == presentation_)
        return;
    presentation_ = on;
    if (on) {
        wasMaximized_ = isMaximized();
        normalGeometry_ = geometry();
        // The plots get the room: the menu bar, toolbar and controls go (every key still
        // works), the lesson becomes a toggle (L) that takes no width while hidden.
        controlsShownBeforePresentation_ = !controlsDock_->isHidden();
        lessonShownBeforePresentation_ = !lessonDock_->isHidden();
        controlsDock_->hide();
        lessonDock_->hide();
        explanationDock_->hide();
        menuBar()->hide();
        toolbar_->hide();
        statusBar()->hide(); // the step axis shows where training is
        showFullScreen();
        // Full screen has no window manager to size it on some systems (and in tests).
        setGeometry(screen() ? screen()->geometry() : geometry());
    } else {
        menuBar()->show();
        toolbar_->show();
        statusBar()->show();
        controlsDock_->setVisible(controlsShownBeforePresentation_);
        lessonDock_->setVisible(lessonShownBeforePresentation_);
        if (wasMaximized_)
            showMaximized();
        else
            showNormal();
        if (normalGeometry_.isValid())
            setGeometry(normalGeometry_);
    }
    applyScale();
    const QSignalBlocker block(presentationAction_);
    presentationAction_->setChecked(on);
    applyTheme();
}

double MainWindow::presentationScale() const {
    return presentation_
               ? screen_fit::presentationScale(screen() ? screen()->geometry() : geometry())
               : 1.0;
}

void MainWindow::applyScale() {
    const double scale = presentationScale();
    QFont f = normalFont_;
    f.setPointSizeF(normalFont_.pointSizeF() * scale);
    setFont(f);
    dashboard_->setPresentationScale(scale);
    slider_->setPresentationScale(scale);
    lessonPanel_->setPresentationScale(scale);
    explanation_->setPresentationScale(scale);
}

void MainWindow::leaveCurrentMode() {
    // Esc steps back one level: the focus view first, then presentation mode.
    if (dashboard_->focusedPlot())
        dashboard_->setFocusedPlot(std::nullopt);
    else if (presentation_)
        setPresentationMode(false);
}

void MainWindow::toggleLesson() {
    lessonDock_->setVisible(lessonDock_->isHidden());
    if (!lessonDock_->isHidden())
        lessonDock_->raise();
}

void MainWindow::setDarkTheme(bool dark) {
    dark_ = dark;
    const QSignalBlocker block(darkAction_);
    darkAction_->setChecked(dark);
    QSettings().setValue(QStringLiteral("view/darkTheme"), dark);
    applyTheme();
}

void MainWindow::applyTheme() {
    Theme theme;
    theme.dark = dark_;
    theme.highContrast = presentation_;
    QApplication::setPalette(theme.windowPalette());
    dashboard_->setDarkTheme(dark_);
}

QString MainWindow::statusText() const {
    return status_->text();
}

QString MainWindow::bannerText() const {
    return banner_->text();
}

QList<QAction*> MainWindow::shortcutActions() const {
    QList<QAction*> out;
    for (QAction* a : actions())
        if (!a->shortcut().isEmpty())
            out << a;
    return out;
}

} // namespace bnlab
