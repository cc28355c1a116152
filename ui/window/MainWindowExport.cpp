// What leaves the window: figures, the clipboard, CSV data and lesson files, and the help
// dialogs.
#include "ControlPanel.h"
#include "CsvSet.h"
#include "Dashboard.h"
#include "ExportDialog.h"
#include "ExportTargetCheck.h"
#include "FigureCaption.h"
#include "FigureRendering.h"
#include "HelpDialog.h"
#include "MainWindow.h"
#include "MomentumScale.h"
#include "MomentumSlider.h"
#include "SaveLessonDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <qcustomplot.h>

namespace bnlab {

namespace ms = momentum_scale;

namespace {
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
    if (!confirmExportTarget(this, folder, {"trace.csv", "eval.csv", "train.csv"}))
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

    // The three files land as a set: the folder shows the earlier ones or all three new ones.
    const QString problem = exportCsvSet({&session_.history(), specs, labels, bankLabels}, folder);
    if (!problem.isEmpty())
        QMessageBox::warning(this, tr("Export data"), problem);
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
        tr("Lessons (%1)").arg(LessonFilePatterns));
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
        this, tr("Save lesson"), QDir(folder).filePath(fileSafe(lesson.title) + LessonFileSuffix),
        tr("Lessons (%1)").arg(LessonFilePatterns));
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
