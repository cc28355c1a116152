// Recorded runs in the window: File ▸ Save run then Open run shows the same series, the
// opened run cannot be played (there is no trainer), the status bar names what the file does
// not hold, a dropped .bnlab file opens, a bad file leaves the shown run as it was, and
// `bnlab RUN.bnlab` is understood by the command line.
#include "CommandLine.h"
#include "MainWindow.h"
#include "MomentumSlider.h"
#include "PlotFrame.h"
#include "RunFileActions.h"
#include "SmallConfig.h"

#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMimeData>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace bnlab;

namespace {
TrainingConfig smallConfigWithoutPopulation() {
    TrainingConfig c = smallConfig(20);
    c.populationEvery = 0;
    return c;
}

void trainSteps(MainWindow& window, long steps) {
    window.session().stepN(steps);
    QTRY_COMPARE_WITH_TIMEOUT(window.session().history().steps(), steps, 20000);
}

const QString pytorchRun = QStringLiteral(BNLAB_RESOURCES_DIR "/runs/momentum-port.bnlab");

// As the teacher does it: picks the convention in the slider's box.
void chooseConvention(MainWindow& window, Convention convention) {
    QComboBox* box = window.momentumSlider().conventionBox();
    box->setCurrentIndex(box->findData(int(convention)));
    emit box->activated(box->currentIndex());
    QCOMPARE(window.viewSettings().convention, convention);
}

// The Controls dock's section holding the named control.
QGroupBox* sectionOf(MainWindow& window, const char* control) {
    auto* widget = window.findChild<QWidget*>(QString::fromLatin1(control));
    return widget ? qobject_cast<QGroupBox*>(widget->parentWidget()) : nullptr;
}
} // namespace

class TestRunFileWindow : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void saveThenOpenShowsTheSameRun();
    void droppedRunOpensAndBadFileKeepsTheRun();
    void commandLineTakesARunFile();
    void pytorchRunIsShownInPyTorchConvention();
    void trainingSetupIsOffWhileARecordedRunIsShown();
    void emptyPlotsSayWhatWasNotRecorded();
};

void TestRunFileWindow::saveThenOpenShowsTheSameRun() {
    MainWindow window;
    window.session().configure(smallConfigWithoutPopulation());
    trainSteps(window, 60);
    const History live = window.session().history();
    QTemporaryDir dir;
    const QString path = dir.filePath("live.bnlab");
    QCOMPARE(window.runFiles().saveRunFile(path), QString());
    QCOMPARE(window.runFiles().openRunFile(path), QString());

    const TrainingSession& s = window.session();
    QVERIFY(s.isRecordedRun());
    QCOMPARE(s.history().steps(), 60L);
    for (long t = 1; t <= 60; ++t)
        QCOMPARE(s.history().batchVar(t, 0, 3), live.batchVar(t, 0, 3));
    QCOMPARE(s.history().evaluations().size(), live.evaluations().size());
    QVERIFY(window.menuBar()->actions().constFirst()->text().contains("File"));
    // Population statistics were off in this run: the note says so instead of inventing them.
    const QString note = window.runFiles().recordedRunNote();
    QVERIFY2(note.contains("Not recorded: population statistics"), qPrintable(note));
    QVERIFY(window.findChild<QLabel*>("recordedRunNote")->isVisible() || !window.isVisible());

    // No trainer: play and step do nothing.
    window.session().play();
    window.session().stepN(5);
    QTest::qWait(200);
    window.session().drain();
    QCOMPARE(window.session().history().steps(), 60L);
    QVERIFY(!window.session().isPlaying());

    // Saving the opened run again gives the same file content.
    const QString again = dir.filePath("again.bnlab");
    QCOMPARE(window.runFiles().saveRunFile(again), QString());
    QFile a(path), b(again);
    QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    QCOMPARE(a.readAll(), b.readAll());

    // Reset leaves the recorded run for a live one.
    window.session().reset();
    QVERIFY(!window.session().isRecordedRun());
    QCOMPARE(window.runFiles().recordedRunNote(), QString());
}

void TestRunFileWindow::droppedRunOpensAndBadFileKeepsTheRun() {
    MainWindow window;
    window.session().configure(smallConfigWithoutPopulation());
    trainSteps(window, 30);
    QTemporaryDir dir;
    const QString path = dir.filePath("dropped.bnlab");
    QCOMPARE(window.runFiles().saveRunFile(path), QString());
    window.session().reset();

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    // QApplication routes drops through the platform's drag manager, which an offscreen test
    // has not; hand the event to the window's filter as the drop would reach it.
    QObject& filter = window.runFiles();
    QVERIFY(filter.eventFilter(&window, &drop));
    QVERIFY(window.session().isRecordedRun());
    QCOMPARE(window.session().history().steps(), 30L);

    const QString bad = dir.filePath("bad.bnlab");
    QFile f(bad);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a run at all, just text");
    f.close();
    const QString problem = window.runFiles().openRunFile(bad);
    QVERIFY2(problem.contains(bad) && problem.contains("not a BN Lab run"), qPrintable(problem));
    QCOMPARE(window.session().history().steps(), 30L); // the shown run is kept
}

void TestRunFileWindow::commandLineTakesARunFile() {
    QTemporaryDir dir;
    const QString run = dir.filePath("my.bnlab");
    QFile file(run);
    QVERIFY(file.open(QIODevice::WriteOnly)); // the window reads it; parsing only needs a file
    file.close();
    CommandLine line = parseCommandLine({run});
    QCOMPARE(line.error, QString());
    QCOMPARE(line.runFile, run);
    QVERIFY(parseCommandLine({"runs/missing.bnlab"}).error.contains("no such file"));
    line = parseCommandLine({"notes.txt"});
    QVERIFY(line.error.contains("unexpected argument 'notes.txt'"));
    line = parseCommandLine({"--headless", "--open-run", "x.bnlab", "--momenta", "0.1,none",
                             "--convention", "pytorch"});
    QCOMPARE(line.error, QString());
    QCOMPARE(line.run.openRun, QString("x.bnlab"));
    QVERIFY(std::isnan(line.run.momenta[1]));
    line = parseCommandLine({"--headless", "--momenta", "none"});
    QVERIFY(line.error.contains("needs --open-run"));
}

void TestRunFileWindow::pytorchRunIsShownInPyTorchConvention() {
    MainWindow window;
    window.session().configure(smallConfigWithoutPopulation());
    trainSteps(window, 20);
    QTemporaryDir dir;
    const QString own = dir.filePath("own.bnlab");
    QCOMPARE(window.runFiles().saveRunFile(own), QString());

    // BN Lab's own run keeps the convention the teacher chose.
    chooseConvention(window, Convention::Keras);
    QCOMPARE(window.runFiles().openRunFile(own), QString());
    QCOMPARE(window.viewSettings().convention, Convention::Keras);
    QVERIFY(!window.runFiles().recordedRunNote().contains("PyTorch"));

    // A run recorded from PyTorch is shown in PyTorch's words, slider included, and the note
    // says why.
    const double decay = window.momentumSlider().decay();
    QCOMPARE(window.runFiles().openRunFile(pytorchRun), QString());
    QCOMPARE(window.viewSettings().convention, Convention::PyTorch);
    QCOMPARE(window.momentumSlider().convention(), Convention::PyTorch);
    QCOMPARE(window.momentumSlider().decay(), decay); // the same estimator, another number
    const QString note = window.runFiles().recordedRunNote();
    QVERIFY2(note.contains("Recorded from PyTorch: shown in PyTorch's convention"),
             qPrintable(note));
}

void TestRunFileWindow::trainingSetupIsOffWhileARecordedRunIsShown() {
    MainWindow window;
    window.session().configure(smallConfigWithoutPopulation());
    QGroupBox* batches = sectionOf(window, "batchSize");
    QGroupBox* model = sectionOf(window, "hiddenWidths");
    QGroupBox* view = sectionOf(window, "bnLayer");
    QVERIFY(batches && model && view);
    auto* reason = window.findChild<QLabel*>("recordedRunSetupNote");
    QVERIFY(batches->isEnabled() && model->isEnabled());

    QCOMPARE(window.runFiles().openRunFile(pytorchRun), QString());
    // The setup describes live runs: off, with the reason in view; the view still applies.
    QVERIFY(!batches->isEnabled() && !model->isEnabled());
    QVERIFY(!window.findChild<QWidget*>("batchSize")->isEnabled());
    QVERIFY(view->isEnabled());
    QVERIFY(reason && !reason->isHidden());
    QVERIFY(reason->text().contains("recorded run is shown"));
    QCOMPARE(reason->parentWidget(), batches->parentWidget()); // in the Controls dock

    // A live run (reset) gives the setup back.
    window.session().reset();
    QVERIFY(!window.session().isRecordedRun());
    QVERIFY(batches->isEnabled() && model->isEnabled());
    QVERIFY(reason->isHidden());

    // And so does Apply's route (configure).
    QCOMPARE(window.runFiles().openRunFile(pytorchRun), QString());
    QVERIFY(!batches->isEnabled());
    window.session().configure(smallConfigWithoutPopulation());
    QVERIFY(batches->isEnabled() && reason->isHidden());
}

void TestRunFileWindow::emptyPlotsSayWhatWasNotRecorded() {
    MainWindow window;
    window.session().configure(
        smallConfigWithoutPopulation()); // no population statistics, accuracy every 20
    trainSteps(window, 30);
    QTemporaryDir dir;
    const QString path = dir.filePath("nopop.bnlab");
    QCOMPARE(window.runFiles().saveRunFile(path), QString());
    QCOMPARE(window.dashboard().frame(PlotId::Error).hint(), QString());

    QCOMPARE(window.runFiles().openRunFile(path), QString());
    QCOMPARE(window.dashboard().frame(PlotId::Error).hint(),
             QString("Not recorded: population statistics"));
    QCOMPARE(window.dashboard().frame(PlotId::Accuracy).hint(), QString()); // it has accuracy

    // The PyTorch run holds population statistics and evaluations: nothing to say.
    QCOMPARE(window.runFiles().openRunFile(pytorchRun), QString());
    QCOMPARE(window.dashboard().frame(PlotId::Error).hint(), QString());

    window.session().reset(); // a live run: its empty plots fill as it trains
    QCOMPARE(window.dashboard().frame(PlotId::Error).hint(), QString());
}

QTEST_MAIN(TestRunFileWindow)
#include "test_run_file_window.moc"
