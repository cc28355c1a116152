#include "MainWindow.h"

#include "ControlPanel.h"
#include "CsvExport.h"
#include "Errors.h"
#include "ExplanationPanel.h"
#include "ExportDialog.h"
#include "FigureCaption.h"
#include "FigureRendering.h"
#include "HelpDialog.h"
#include "LessonPanel.h"
#include "MessageBanner.h"
#include "MomentumScale.h"
#include "MomentumSlider.h"
#include "RunFileActions.h"
#include "SaveLessonDialog.h"
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
#include <QSettings>
#include <QStatusBar>
#include <QStyleFactory>
#include <QToolBar>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace bnlab {

namespace ms = momentum_scale;

namespace {
constexpr int DragDebounceMs = 120;      // re-evaluate once the slider rests this long
constexpr int LiveReevaluationMs = 1000; // while training adds snapshots

QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

QString plotName(PlotId id) {
    switch (id) {
    case PlotId::RunningMean:
        return QObject::tr("running-mean");
    case PlotId::RunningVariance:
        return QObject::tr("running-variance");
    case PlotId::Error:
        return QObject::tr("error");
    case PlotId::Accuracy:
        return QObject::tr("accuracy");
    }
    return {};
}
} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("BN Lab — BatchNorm running statistics"));
    // Fusion follows the palette everywhere, which the dark and high-contrast themes need.
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    normalFont_ = font();

    buildCentralArea();
    buildDocks();
    buildActions();
    buildMenus();
    buildToolbar();
    connectSession();
    runFiles_ = new RunFileActions(*this); // after the menus: its File menu goes first

    reevaluateTimer_.setSingleShot(true);
    connect(&reevaluateTimer_, &QTimer::timeout, this, &MainWindow::startReevaluation);
    connect(&reevaluator_, &Reevaluator::pointsReady, this,
            [this](quint64 job, const std::vector<ReevaluatedPoint>& points) {
                if (job == reevaluator_.currentJob())
                    dashboard_->addSliderAccuracy(points);
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
    resize(1600, 1000);
    restorePreferences();
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
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(banner_);
    layout->addWidget(slider_);
    layout->addWidget(dashboard_, 1);
    setCentralWidget(central);

    connect(slider_, &MomentumSlider::momentumChanged, this, &MainWindow::sliderMoved);
    connect(slider_, &MomentumSlider::conventionChanged, this, &MainWindow::conventionSwitched);
    connect(dashboard_, &Dashboard::hoveredStep, this,
            [this](long, const QString& summary) { statusBar()->showMessage(summary, 4000); });
    connect(dashboard_, &Dashboard::plotActivated, this, [this](PlotId id) { lastPlot_ = id; });

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
    resizeDocks({controlsDock_, lessonDock_}, {370, 340}, Qt::Horizontal);

    connect(controls_, &ControlPanel::configurationApplied, this, &MainWindow::applyConfiguration);
    connect(controls_, &ControlPanel::viewSettingsEdited, this, [this](const ViewSettings& v) {
        ViewSettings next = v;
        // The slider owns its momentum and the convention.
        next.convention = view_.convention;
        next.sliderMomentum = view_.sliderMomentum;
        applyView(next);
    });
}

void MainWindow::buildActions() {
    auto make = [this](const QString& text, const QKeySequence& key, const QString& tip,
                       const char* iconName = nullptr) {
        auto* a = new QAction(text, this);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        if (iconName)
            a->setIcon(icon(iconName));
        addAction(a); // shortcuts work even with the menu bar hidden (full screen)
        return a;
    };
    play_ = make(tr("Play"), Qt::Key_Space, tr("Start or pause training (Space)."), "play");
    step_ = make(tr("Step"), Qt::Key_Right, tr("Train exactly one step (→)."), "step");
    step10_ = make(tr("Step ×10"), QKeySequence(Qt::SHIFT | Qt::Key_Right),
                   tr("Train ten steps (Shift+→)."), "step10");
    reset_ = make(tr("Reset run"), Qt::Key_R,
                  tr("Start the same configuration again from step 0 (R)."), "reset");
    faster_ = make(tr("Faster"), Qt::Key_Plus, tr("Raise the speed cap (+)."));
    slower_ = make(tr("Slower"), Qt::Key_Minus, tr("Lower the speed cap (−)."));
    longerWindow_ = make(tr("BN momentum: longer window"), Qt::Key_BracketRight,
                         tr("Move the BN momentum slider one notch right: averages more steps "
                            "(])."));
    shorterWindow_ = make(tr("BN momentum: shorter window"), Qt::Key_BracketLeft,
                          tr("Move the BN momentum slider one notch left: follows faster ([)."));

    presentationAction_ = make(tr("Presentation mode"), Qt::Key_F11,
                               tr("Full screen with large fonts, thick lines and high contrast "
                                  "for the projector (F11)."),
                               "presentation");
    presentationAction_->setCheckable(true);
    leavePresentation_ =
        make(tr("Leave presentation mode"), Qt::Key_Escape, tr("Back to the normal window (Esc)."));
    leavePresentation_->setEnabled(false);
    darkAction_ = make(tr("Dark theme"), QKeySequence(Qt::CTRL | Qt::Key_D),
                       tr("Light text on a dark background, for dark rooms (Ctrl+D)."));
    darkAction_->setCheckable(true);
    follow_ = make(tr("Follow latest step"), Qt::Key_F,
                   tr("Keep the newest steps in view while training (F)."), "follow");
    follow_->setCheckable(true);
    follow_->setChecked(true);
    resetView_ = make(tr("Reset view"), Qt::Key_Home,
                      tr("Show the whole run and follow the latest step again (Home)."));
    varianceError_ = make(tr("Show variance error"), QKeySequence(),
                          tr("Also draw each momentum's variance error (dashed) on the error "
                             "plot."));
    varianceError_->setCheckable(true);

    exportPlot_ = make(tr("Export plot…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                       tr("Save one plot as PNG, JPG, PDF or SVG (Ctrl+Shift+E)."), "export");
    exportDashboard_ = make(tr("Export dashboard…"), QKeySequence(Qt::CTRL | Qt::Key_E),
                            tr("Save all four plots as one figure (Ctrl+E)."));
    copyPlot_ = make(tr("Copy plot to clipboard"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
                     tr("Copy the plot under the mouse (or the last clicked) at 2× resolution "
                        "(Ctrl+Shift+C)."));
    exportCsv_ = make(tr("Export data (CSV)…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                      tr("Write the trace, evaluation and training curves as CSV files "
                         "(Ctrl+Shift+S)."));
    openLesson_ = make(tr("Open lesson file…"), QKeySequence::Open,
                       tr("Load a lesson from a JSON file (Ctrl+O)."));
    saveLesson_ = make(tr("Save current state as lesson…"), QKeySequence::Save,
                       tr("Save the configuration, view and hidden controls as a lesson "
                          "(Ctrl+S)."));
    shortcuts_ = make(tr("Keyboard shortcuts"), Qt::Key_F1, tr("List every shortcut (F1)."));
    formulas_ = make(tr("Formulas and explanation"), QKeySequence(Qt::SHIFT | Qt::Key_F1),
                     tr("Show both BN momentum conventions and the paper's Algorithm 2 "
                        "(Shift+F1)."));
    about_ = make(tr("About BN Lab"), QKeySequence(), tr("What this program is."));
    quit_ = make(tr("Quit"), QKeySequence::Quit, tr("Close BN Lab (Ctrl+Q)."));

    connect(play_, &QAction::triggered, &session_, &TrainingSession::togglePlay);
    connect(step_, &QAction::triggered, &session_, &TrainingSession::stepOnce);
    connect(step10_, &QAction::triggered, this, [this] { session_.stepN(10); });
    connect(reset_, &QAction::triggered, this, [this] { session_.reset(); });
    connect(longerWindow_, &QAction::triggered, this, [this] { slider_->stepBy(1); });
    connect(shorterWindow_, &QAction::triggered, this, [this] { slider_->stepBy(-1); });
    connect(presentationAction_, &QAction::toggled, this, &MainWindow::setPresentationMode);
    connect(leavePresentation_, &QAction::triggered, this, [this] { setPresentationMode(false); });
    connect(darkAction_, &QAction::toggled, this, &MainWindow::setDarkTheme);
    connect(follow_, &QAction::toggled, dashboard_, &Dashboard::setFollowLatest);
    connect(dashboard_, &Dashboard::followLatestChanged, follow_, &QAction::setChecked);
    connect(resetView_, &QAction::triggered, dashboard_, &Dashboard::resetView);
    connect(varianceError_, &QAction::toggled, dashboard_, &Dashboard::setShowVarianceError);
    connect(exportPlot_, &QAction::triggered, this,
            [this] { exportFigure(ExportTarget(int(lastPlot_))); });
    connect(exportDashboard_, &QAction::triggered, this,
            [this] { exportFigure(ExportTarget::Dashboard); });
    connect(copyPlot_, &QAction::triggered, this, &MainWindow::copyPlotToClipboard);
    connect(exportCsv_, &QAction::triggered, this, &MainWindow::exportCsv);
    connect(openLesson_, &QAction::triggered, this, &MainWindow::openLessonFile);
    connect(saveLesson_, &QAction::triggered, this, &MainWindow::saveLessonAs);
    connect(shortcuts_, &QAction::triggered, this, &MainWindow::showShortcuts);
    connect(formulas_, &QAction::triggered, this, [this] {
        explanationDock_->show();
        explanationDock_->raise();
    });
    connect(about_, &QAction::triggered, this, &MainWindow::showAbout);
    connect(quit_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::buildMenus() {
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addActions({play_, step_, step10_, reset_});
    run->addSeparator();
    run->addActions({faster_, slower_, longerWindow_, shorterWindow_});
    run->addSeparator();
    run->addAction(quit_);

    lessonsMenu_ = menuBar()->addMenu(tr("&Lessons"));
    int number = 1;
    for (const QString& path : bundledLessonPaths()) {
        QString title = QFileInfo(path).completeBaseName();
        try {
            title = bnlab::loadLesson(path).title;
        } catch (const std::exception&) {
            continue; // not loadable: not offered
        }
        auto* a = lessonsMenu_->addAction(title);
        a->setToolTip(tr("Load the bundled lesson “%1” (restarts the run).").arg(title));
        if (number <= 9) {
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + number)));
            addAction(a);
        }
        ++number;
        lessonActions_ << a;
        connect(a, &QAction::triggered, this, [this, path] {
            try {
                loadLesson(bnlab::loadLesson(path));
            } catch (const std::exception& e) {
                QMessageBox::warning(this, tr("Lesson"), QString::fromUtf8(e.what()));
            }
        });
    }
    if (!lessonActions_.isEmpty())
        lessonsMenu_->addSeparator();
    lessonsMenu_->addActions({openLesson_, saveLesson_});

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addActions({presentationAction_, darkAction_});
    view->addSeparator();
    view->addActions({follow_, resetView_, varianceError_});
    view->addSeparator();
    for (QDockWidget* dock : {controlsDock_, lessonDock_, explanationDock_}) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setToolTip(tr("Show or hide the %1 panel.").arg(dock->windowTitle()));
        view->addAction(toggle);
    }

    QMenu* exportMenu = menuBar()->addMenu(tr("&Export"));
    exportMenu->addActions({exportPlot_, exportDashboard_, copyPlot_});
    exportMenu->addSeparator();
    exportMenu->addAction(exportCsv_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addActions({shortcuts_, formulas_});
    help->addSeparator();
    help->addAction(about_);
    for (QMenu* menu : {run, lessonsMenu_, view, exportMenu, help})
        menu->setToolTipsVisible(true);
}

void MainWindow::buildToolbar() {
    QToolBar* bar = addToolBar(tr("Transport"));
    bar->setObjectName(QStringLiteral("transportToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addActions({play_, step_, step10_, reset_});
    bar->addSeparator();
    auto* speedLabel = new QLabel(tr(" Speed: "), bar);
    speedLabel->setToolTip(tr("The training speed cap."));
    bar->addWidget(speedLabel);
    speed_ = new SpeedControl(bar);
    bar->addWidget(speed_);
    bar->addSeparator();
    bar->addActions({follow_, presentationAction_, exportPlot_});

    connect(speed_, &SpeedControl::speedChosen, this, [this](double speed) {
        session_.setSpeed(speed);
        QSettings().setValue(QStringLiteral("transport/speed"), speed);
    });
    connect(faster_, &QAction::triggered, speed_, &SpeedControl::faster);
    connect(slower_, &QAction::triggered, speed_, &SpeedControl::slower);
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
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
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
                  session_.isPlaying(), dashboard_->currentValuesSummary());
}

void MainWindow::scheduleReevaluation(bool estimatorChanged) {
    if (dashboard_->sliderAccuracyFromBank()) {
        // Tracked online: the History already holds this estimator's accuracy.
        reevaluator_.cancel();
        reevaluateTimer_.stop();
        return;
    }
    if (estimatorChanged) {
        reevaluator_.cancel(); // points of the old estimator must not arrive any more
        reevaluateTimer_.start(DragDebounceMs);
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
    const double scale = on ? PresentationScale : 1.0;
    if (on) {
        wasMaximized_ = isMaximized();
        // The plots get the room; the controls come back with View ▸ Controls or on leaving.
        controlsShownBeforePresentation_ = !controlsDock_->isHidden();
        controlsDock_->hide();
        showFullScreen();
    } else {
        controlsDock_->setVisible(controlsShownBeforePresentation_);
        if (wasMaximized_)
            showMaximized();
        else
            showNormal();
    }
    QFont f = normalFont_;
    f.setPointSizeF(normalFont_.pointSizeF() * scale);
    setFont(f);
    dashboard_->setPresentationScale(scale);
    slider_->setPresentationScale(scale);
    lessonPanel_->setPresentationScale(scale);
    explanation_->setPresentationScale(scale);
    const QSignalBlocker block(presentationAction_);
    presentationAction_->setChecked(on);
    leavePresentation_->setEnabled(on);
    applyTheme();
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

// --- Export --------------------------------------------------------------------------------

QString MainWindow::scenarioName() const {
    if (lesson_)
        return fileSafe(lesson_->id.isEmpty() ? lesson_->title : lesson_->id);
    return fileSafe(QString::fromStdString(session_.info().dataset));
}

QCustomPlot* MainWindow::plotForTarget(ExportTarget target) const {
    if (target == ExportTarget::Dashboard)
        return nullptr;
    return dashboard_->plot(PlotId(int(target)));
}

void MainWindow::exportFigure(ExportTarget target) {
    const QString caption =
        figureCaption(session_.configuration(), session_.info(), view_, session_.history().steps());
    ExportDialog dialog(target, scenarioName(), momentumFileTag(view_), caption, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportRequest request = dialog.request();
    // Figures go on white slides: draw them in the light theme at normal size.
    const bool dark = dashboard_->darkTheme();
    const double scale = dashboard_->presentationScale();
    dashboard_->setDarkTheme(false);
    dashboard_->setPresentationScale(1.0);
    const QString problem =
        request.target == ExportTarget::Dashboard
            ? exportWidget(dashboard_, request.path, request.options)
            : exportPlot(plotForTarget(request.target), request.path, request.options);
    dashboard_->setPresentationScale(scale);
    dashboard_->setDarkTheme(dark);
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Export"), problem);
    else
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(request.path)), 8000);
}

void MainWindow::copyPlotToClipboard() {
    PlotId id = lastPlot_;
    for (QWidget* w = QApplication::widgetAt(QCursor::pos()); w; w = w->parentWidget())
        if (auto* p = qobject_cast<QCustomPlot*>(w)) {
            for (PlotId candidate :
                 {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error, PlotId::Accuracy})
                if (dashboard_->plot(candidate) == p)
                    id = candidate;
            break;
        }
    QCustomPlot* plot = dashboard_->plot(id);
    FigureOptions options;
    options.size = plot->size();
    options.scale = 2.0;
    QApplication::clipboard()->setImage(renderPlotImage(plot, options));
    statusBar()->showMessage(tr("Copied the %1 plot to the clipboard (2×).").arg(plotName(id)),
                             5000);
}

void MainWindow::exportCsv() {
    QSettings settings;
    const QString start =
        settings.value(QStringLiteral("export/csvFolder"), ExportDialog::lastFolder()).toString();
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Folder for trace.csv, eval.csv and train.csv"), start);
    if (folder.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/csvFolder"), folder);

    // The slider and the compared momenta, each labelled as the teacher wrote it.
    std::vector<EstimatorSpec> specs;
    QStringList labels;
    auto add = [&](double momentum) {
        const EstimatorSpec spec = Dashboard::displayedSpec(view_, momentum);
        if (std::find(specs.begin(), specs.end(), spec) != specs.end())
            return;
        specs.push_back(spec);
        labels << ms::formatMomentum(momentum);
    };
    add(view_.sliderMomentum);
    for (double m : view_.comparedMomenta)
        add(m);
    QStringList bankLabels;
    for (const EstimatorSpec& spec : session_.configuration().estimators)
        bankLabels << QString::fromStdString(spec.label());

    const QDir dir(folder);
    const History& history = session_.history();
    QStringList problems;
    for (const QString& problem :
         {writeTraceCsv(history, specs, labels, dir.filePath(QStringLiteral("trace.csv"))),
          writeEvalCsv(history, bankLabels, dir.filePath(QStringLiteral("eval.csv"))),
          writeTrainCsv(history, dir.filePath(QStringLiteral("train.csv")))})
        if (!problem.isEmpty())
            problems << problem;
    if (!problems.isEmpty())
        QMessageBox::warning(this, tr("Export data"), problems.join(QLatin1Char('\n')));
    else
        statusBar()->showMessage(tr("Wrote trace.csv, eval.csv and train.csv to %1")
                                     .arg(QDir::toNativeSeparators(folder)),
                                 8000);
}

void MainWindow::openLessonFile() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open lesson"),
        settings.value(QStringLiteral("lessons/folder"), QDir::homePath()).toString(),
        tr("Lessons (*.json)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lessons/folder"), QFileInfo(path).absolutePath());
    try {
        loadLesson(bnlab::loadLesson(path));
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Open lesson"), QString::fromUtf8(e.what()));
    }
}

void MainWindow::saveLessonAs() {
    Lesson current = lesson_.value_or(Lesson{});
    if (!lesson_) {
        current.id = QStringLiteral("my-lesson");
        current.title = tr("My lesson");
    }
    current.config = session_.configuration();
    current.view = view_;
    current.suggestedSpeed = session_.speed();
    current.hiddenControls = controls_->hiddenControls();
    QStringList names = controls_->controlNames();
    names << slider_->conventionBox()->objectName() << slider_->valueBox()->objectName();
    SaveLessonDialog dialog(current, names, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Lesson lesson = dialog.lesson();
    QSettings settings;
    const QString folder =
        settings.value(QStringLiteral("lessons/folder"), QDir::homePath()).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save lesson"), QDir(folder).filePath(fileSafe(lesson.title) + ".json"),
        tr("Lessons (*.json)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lessons/folder"), QFileInfo(path).absolutePath());
    if (const QString problem = saveLesson(lesson, path); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Save lesson"), problem);
        return;
    }
    lesson_ = lesson;
    statusBar()->showMessage(tr("Saved the lesson to %1").arg(QDir::toNativeSeparators(path)),
                             8000);
}

void MainWindow::showShortcuts() {
    HelpDialog dialog(shortcutActions(), this);
    dialog.exec();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About BN Lab"),
        tr("<h3>BN Lab %1</h3>"
           "<p>How BatchNorm keeps moving averages of its statistics, and what the BN momentum "
           "does to the accuracy measured while training.</p>"
           "<p>Training never reads the running statistics, so every BN momentum is replayed "
           "from the recorded batch statistics — move the slider at any time.</p>"
           "<p>Press F1 for the keyboard shortcuts.</p>")
            .arg(QApplication::applicationVersion()));
}

} // namespace bnlab
