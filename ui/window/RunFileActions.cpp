#include "RunFileActions.h"

#include "Errors.h"
#include "MainWindow.h"
#include "RunFile.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
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
    return tr("Recorded run by %1, %2 steps, no training (play is off). Not recorded: %3.")
        .arg(run->program)
        .arg(h.steps())
        .arg(missing.join(", "));
}

void RunFileActions::updateNote() {
    const QString note = recordedRunNote();
    note_->setText(note);
    note_->setToolTip(window_.session().recordedRun() ? window_.session().recordedRun()->model
                                                      : QString());
    note_->setVisible(!note.isEmpty());
    if (note.isEmpty() && window_.windowTitle().endsWith(tr("(recorded run)")))
        window_.setWindowTitle(tr("BN Lab — BatchNorm running statistics"));
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
