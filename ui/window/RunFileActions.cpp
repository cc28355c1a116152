#include "RunFileActions.h"

#include "ControlPanel.h"
#include "Errors.h"
#include "MainWindow.h"
#include "PlotFrame.h"
#include "RunFile.h"

#include <QAction>
#include <QBoxLayout>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QStatusBar>
#include <algorithm>
#include <cmath>

namespace bnlab {

namespace {

// The first local .bnlab file among dropped URLs.
QString droppedRun(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(".bnlab", Qt::CaseInsensitive))
            return url.toLocalFile();
    return {};
}

// Runs of python/bnlab_record.py, or of another program (not BN Lab, whose MLP layers are also
// named BatchNorm1d) whose layers are PyTorch's BatchNorm classes.
bool recordedFromPyTorch(const RunDescription& run) {
    static const QRegularExpression torchLayer(QStringLiteral("^(Lazy|Sync)?BatchNorm([123]d)?$"));
    if (run.program.startsWith(QLatin1String("bnlab_record.py")))
        return true;
    if (run.program.startsWith(QLatin1String("BN Lab")))
        return false;
    return std::any_of(run.layerTypes.begin(), run.layerTypes.end(),
                       [](const QString& type) { return torchLayer.match(type).hasMatch(); });
}

// Whether the group box holds the view's controls (layer, feature, estimators shown), which
// apply to a recorded run as to a live one.
bool isViewSection(const QGroupBox* group) {
    return group->findChild<QWidget*>(QStringLiteral("bnLayer")) != nullptr;
}

} // namespace

RunFileActions::RunFileActions(MainWindow& window) : QObject(&window), window_(window) {
    open_ = new QAction(tr("&Open run…"), &window);
    open_->setShortcut(QKeySequence::Open);
    open_->setToolTip(tr("Open a recorded run (.bnlab) from BN Lab or from "
                         "python/bnlab_record.py, and replay any momentum over it."));
    save_ = new QAction(tr("&Save run…"), &window);
    save_->setShortcut(QKeySequence::Save);
    save_->setToolTip(tr("Save the current run's record (.bnlab) to open again later."));
    connect(open_, &QAction::triggered, this, &RunFileActions::openWithDialog);
    connect(save_, &QAction::triggered, this, &RunFileActions::saveWithDialog);
    window.addAction(open_);
    window.addAction(save_);

    QMenuBar* bar = window.menuBar();
    auto* file = new QMenu(tr("&File"), bar);
    file->setToolTipsVisible(true);
    file->addActions({open_, save_});
    const QList<QAction*> menus = bar->actions();
    bar->insertMenu(menus.isEmpty() ? nullptr : menus.constFirst(), file);

    note_ = new QLabel(&window);
    note_->setObjectName(QStringLiteral("recordedRunNote"));
    note_->hide();
    window.statusBar()->addPermanentWidget(note_);
    connect(&window.session(), &TrainingSession::historyReset, this, &RunFileActions::updateNote);

    setupReason_ = new QLabel(tr("A recorded run is shown: this training setup is for live runs. "
                                 "Reset (R) or Apply starts one."),
                              &window); // owned by the window until it moves into the dock
    setupReason_->setObjectName(QStringLiteral("recordedRunSetupNote"));
    setupReason_->setWordWrap(true);
    setupReason_->setStyleSheet(QStringLiteral("font-weight: bold;"));
    setupReason_->hide();

    window.setAcceptDrops(true);
    window.installEventFilter(this);
}

QString RunFileActions::openRunFile(const QString& path) {
    try {
        window_.session().openRun(openRun(path));
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    window_.setWindowTitle(tr("BN Lab — %1 (recorded run)").arg(QFileInfo(path).fileName()));
    if (recordedFromPyTorch(*window_.session().recordedRun()))
        emit conventionSuggested(Convention::PyTorch);
    updateNote();
    return {};
}

QString RunFileActions::saveRunFile(const QString& path) {
    const TrainingSession& s = window_.session();
    const RunDescription description =
        s.recordedRun() ? *s.recordedRun() : describeRun(s.configuration(), s.info());
    return saveRun(description, s.history(), path);
}

QString RunFileActions::recordedRunNote() const {
    const RunDescription* run = window_.session().recordedRun();
    if (!run)
        return {};
    const History& h = window_.session().history();
    QStringList missing;
    if (h.population().empty())
        missing << tr("population statistics");
    if (h.evaluations().empty())
        missing << tr("accuracy");
    else
        missing << tr("accuracy under momenta other than %1")
                       .arg(run->estimatorLabels.isEmpty() ? tr("none")
                                                           : run->estimatorLabels.join(", "));
    if (!h.loss().empty() && std::isnan(h.loss().back()))
        missing << tr("training loss");
    QString note = tr("Recorded run by %1, %2 steps, no training (play is off). Not recorded: %3.")
                       .arg(run->program)
                       .arg(h.steps())
                       .arg(missing.join(", "));
    if (recordedFromPyTorch(*run))
        note += tr(" Recorded from PyTorch: shown in PyTorch's convention (α).");
    return note;
}

void RunFileActions::updateNote() {
    const QString note = recordedRunNote();
    note_->setText(note);
    note_->setToolTip(window_.session().recordedRun() ? window_.session().recordedRun()->model
                                                      : QString());
    note_->setVisible(!note.isEmpty());
    if (note.isEmpty() && window_.windowTitle().endsWith(tr("(recorded run)")))
        window_.setWindowTitle(tr("BN Lab — BatchNorm running statistics"));
    updateTrainingSetup();
    updateEmptyPlotHints();
}

void RunFileActions::updateTrainingSetup() {
    auto* panel = window_.findChild<ControlPanel*>();
    if (!panel)
        return;
    const bool recorded = window_.session().isRecordedRun();
    QGroupBox* firstSetupSection = nullptr;
    for (QGroupBox* group : panel->findChildren<QGroupBox*>()) {
        if (isViewSection(group))
            continue;
        group->setEnabled(!recorded);
        if (!firstSetupSection)
            firstSetupSection = group;
    }
    // The reason stands where the disabled part begins.
    if (firstSetupSection && setupReason_->parentWidget() != firstSetupSection->parentWidget())
        if (auto* sections = qobject_cast<QBoxLayout*>(firstSetupSection->parentWidget()->layout()))
            sections->insertWidget(sections->indexOf(firstSetupSection), setupReason_);
    const bool placed =
        firstSetupSection && setupReason_->parentWidget() == firstSetupSection->parentWidget();
    setupReason_->setVisible(recorded && placed);
}

void RunFileActions::updateEmptyPlotHints() {
    // Only plots the file leaves empty get a hint (the hint sits in the middle of the axes);
    // the status note lists everything that was not recorded.
    const History& h = window_.session().history();
    const bool recorded = window_.session().isRecordedRun();
    const auto anyValue = [](const std::vector<double>& v) {
        return std::any_of(v.begin(), v.end(), [](double x) { return !std::isnan(x); });
    };
    const bool noPopulation = recorded && h.population().empty();
    const bool noAccuracy =
        recorded && h.evaluations().empty() && !anyValue(h.loss()) && !anyValue(h.accuracy());
    Dashboard& dashboard = window_.dashboard();
    dashboard.frame(PlotId::Error)
        .setHint(noPopulation ? tr("Not recorded: population statistics") : QString());
    dashboard.frame(PlotId::Accuracy)
        .setHint(noAccuracy ? tr("Not recorded: accuracy and loss") : QString());
    dashboard.plot(PlotId::Error)->replot(QCustomPlot::rpQueuedReplot);
    dashboard.plot(PlotId::Accuracy)->replot(QCustomPlot::rpQueuedReplot);
}

void RunFileActions::openWithDialog() {
    const QString path = QFileDialog::getOpenFileName(&window_, tr("Open run"), QString(),
                                                      tr("BN Lab runs (*.bnlab)"));
    if (path.isEmpty())
        return;
    if (const QString problem = openRunFile(path); !problem.isEmpty())
        QMessageBox::warning(&window_, tr("Open run"), problem);
}

void RunFileActions::saveWithDialog() {
    QString path = QFileDialog::getSaveFileName(&window_, tr("Save run"), tr("run.bnlab"),
                                                tr("BN Lab runs (*.bnlab)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".bnlab", Qt::CaseInsensitive))
        path += ".bnlab";
    if (const QString problem = saveRunFile(path); !problem.isEmpty())
        QMessageBox::warning(&window_, tr("Save run"), problem);
    else
        window_.statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 8000);
}

bool RunFileActions::eventFilter(QObject* watched, QEvent* event) {
    if (watched == &window_ && event->type() == QEvent::DragEnter) {
        auto* drag = static_cast<QDragEnterEvent*>(event);
        if (!droppedRun(drag->mimeData()).isEmpty()) {
            drag->acceptProposedAction();
            return true;
        }
    } else if (watched == &window_ && event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = droppedRun(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            if (const QString problem = openRunFile(path); !problem.isEmpty())
                QMessageBox::warning(&window_, tr("Open run"), problem);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace bnlab
