// The main window's actions (every one with a keyboard shortcut that works even in full
// screen), its menus and the transport toolbar.
#include "Dashboard.h"
#include "ExportDialog.h"
#include "MainWindow.h"
#include "MomentumSlider.h"
#include "SpeedControl.h"

#include <QAction>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QToolBar>

namespace bnlab {

namespace {
QIcon icon(const char* name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}
} // namespace

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
                               tr("Full screen, the plots only, with fonts and lines sized for "
                                  "the back row (F11; Esc leaves)."),
                               "presentation");
    presentationAction_->setCheckable(true);
    leavePresentation_ =
        make(tr("Back"), Qt::Key_Escape, tr("Leave the focus view, then presentation mode (Esc)."));
    lessonToggle_ =
        make(tr("Show lesson"), Qt::Key_L, tr("Show or hide the lesson beside the plots (L)."));
    for (int i = 0; i < 4; ++i) {
        static const char* names[] = {
            QT_TR_NOOP("Focus: running mean"), QT_TR_NOOP("Focus: running variance"),
            QT_TR_NOOP("Focus: error vs population"), QT_TR_NOOP("Focus: accuracy")};
        QAction* a = make(tr(names[i]), Qt::Key(Qt::Key_1 + i),
                          tr("Let this plot fill the dashboard (%1; again or Esc for all four; or "
                             "double-click a plot).")
                              .arg(i + 1));
        connect(a, &QAction::triggered, this, [this, i] {
            const PlotId id = PlotId(i);
            dashboard_->setFocusedPlot(dashboard_->focusedPlot() == id ? std::nullopt
                                                                       : std::optional(id));
        });
        focusActions_ << a;
    }
    leaveFocus_ =
        make(tr("All four plots"), QKeySequence(Qt::Key_0), tr("Leave the focus view (0 or Esc)."));
    leaveFocus_->setEnabled(false);
    darkAction_ = make(tr("Dark theme"), QKeySequence(Qt::CTRL | Qt::Key_D),
                       tr("Light text on a dark background, for dark rooms (Ctrl+D)."));
    darkAction_->setCheckable(true);
    follow_ = make(tr("Follow latest step"), Qt::Key_F,
                   tr("Keep the newest steps in view while training (F)."), "follow");
    follow_->setCheckable(true);
    follow_->setChecked(true);
    resetView_ = make(tr("Reset view"), Qt::Key_Home,
                      tr("Show the whole run and follow the latest step again (Home)."));
    trainingAccuracy_ = make(tr("Show training accuracy"), Qt::Key_T,
                             tr("Accuracy on each training batch, with its own batch statistics, "
                                "on the accuracy plot (T)."));
    trainingAccuracy_->setCheckable(true);
    learningRate_ = make(tr("Show learning rate"), QKeySequence(Qt::SHIFT | Qt::Key_L),
                         tr("The learning rate on its own axis of the accuracy plot (Shift+L)."));
    learningRate_->setCheckable(true);

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
    connect(leavePresentation_, &QAction::triggered, this, &MainWindow::leaveCurrentMode);
    connect(lessonToggle_, &QAction::triggered, this, &MainWindow::toggleLesson);
    connect(leaveFocus_, &QAction::triggered, this,
            [this] { dashboard_->setFocusedPlot(std::nullopt); });
    connect(darkAction_, &QAction::toggled, this, &MainWindow::setDarkTheme);
    connect(follow_, &QAction::toggled, dashboard_, &Dashboard::setFollowLatest);
    connect(dashboard_, &Dashboard::followLatestChanged, follow_, &QAction::setChecked);
    connect(resetView_, &QAction::triggered, dashboard_, &Dashboard::resetView);
    connect(trainingAccuracy_, &QAction::toggled, dashboard_, &Dashboard::setShowTrainingAccuracy);
    connect(learningRate_, &QAction::toggled, dashboard_, &Dashboard::setShowLearningRate);
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
    view->addActions({follow_, resetView_, trainingAccuracy_, learningRate_});
    view->addSeparator();
    view->addActions(focusActions_);
    view->addActions({leaveFocus_, lessonToggle_, leavePresentation_});
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
    toolbar_ = bar;
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

} // namespace bnlab
