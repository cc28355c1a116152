// No exception escapes a boundary. Each one is made to throw std::bad_alloc (the test hook of
// app/FaultInjection.h) and must turn it into a message while the application, and its
// current run, carry on: applying a configuration in the window, the engine's worker thread,
// the background re-evaluation and the error-curve worker. The window also refuses the
// configuration that once aborted it (hidden widths 99999,99999), and export targets that need
// a second look are named.
#include "ControlPanel.h"
#include "ErrorCurveWorker.h"
#include "Errors.h"
#include "ExportTargetCheck.h"
#include "FaultInjection.h"
#include "MainWindow.h"
#include "MemoryBudget.h"
#include "Reevaluator.h"
#include "SmallConfig.h"
#include "TrainingSession.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace bnlab;

class TestBoundaries : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void windowRefusesHugeWidthsAndKeepsTheRun();
    void windowSurvivesOutOfMemoryWhileApplying();
    void workerThreadTurnsOutOfMemoryIntoAStop();
    void reevaluationReportsOutOfMemory();
    void errorCurveWorkerSurvivesOutOfMemory();
    void exportTargetsThatNeedASecondLook();
    void windowRunsStayInsideTheMemoryBudget();
};

void TestBoundaries::windowRefusesHugeWidthsAndKeepsTheRun() {
    MainWindow window;
    window.session().configure(smallConfig(10));
    auto* panel = window.findChild<ControlPanel*>();
    QVERIFY(panel);
    TrainingConfig huge = smallConfig(10);
    huge.model.hidden = {99999, 99999};
    emit panel->configurationApplied(huge);
    auto* error = panel->findChild<QLabel*>(QStringLiteral("configurationError"));
    QVERIFY(error);
    QVERIFY2(error->text().contains(QStringLiteral("4096")), qPrintable(error->text()));
    QCOMPARE(window.session().configuration().model.hidden, std::vector<int>{8});
}

void TestBoundaries::windowSurvivesOutOfMemoryWhileApplying() {
    MainWindow window;
    window.session().configure(smallConfig(10));
    window.session().stepN(5);
    QTRY_COMPARE(window.session().history().steps(), 5L);
    auto* panel = window.findChild<ControlPanel*>();
    TrainingConfig other = smallConfig(10);
    other.batchSize = 8;
    {
        ScopedFault fault("configure");
        emit panel->configurationApplied(other);
    }
    auto* error = panel->findChild<QLabel*>(QStringLiteral("configurationError"));
    QVERIFY2(error->text().contains(QStringLiteral("Out of memory")), qPrintable(error->text()));
    QCOMPARE(window.session().configuration().batchSize, 16); // the run was kept
    QCOMPARE(window.session().history().steps(), 5L);
}

void TestBoundaries::workerThreadTurnsOutOfMemoryIntoAStop() {
    TrainingSession session;
    session.configure(smallConfig(10));
    session.stepN(3);
    QTRY_COMPARE(session.history().steps(), 3L);
    {
        ScopedFault fault("worker-step");
        session.stepOnce();
        QTRY_VERIFY(session.isDiverged());
    }
    QVERIFY2(session.divergenceReason().contains(QStringLiteral("out of memory")),
             qPrintable(session.divergenceReason()));
    QCOMPARE(session.history().steps(), 3L); // the history so far is kept
    session.reset();                         // and the session still works
    session.stepN(2);
    QTRY_COMPARE(session.history().steps(), 2L);
}

void TestBoundaries::reevaluationReportsOutOfMemory() {
    TrainingSession session;
    session.configure(smallConfig(10));
    session.stepN(30);
    QTRY_COMPARE(session.history().steps(), 30L);
    Reevaluator reevaluator;
    QSignalSpy failed(&reevaluator, &Reevaluator::failed);
    QSignalSpy finished(&reevaluator, &Reevaluator::finished);
    {
        ScopedFault fault("reevaluate-job");
        reevaluator.start(session.history(), session.evaluator(), EstimatorSpec::keras(0.9));
        QVERIFY(reevaluator.waitForIdle(10000));
    }
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("out of memory")));
    // The next job runs normally.
    reevaluator.start(session.history(), session.evaluator(), EstimatorSpec::keras(0.9));
    QTRY_COMPARE(finished.count(), 1);
}

void TestBoundaries::errorCurveWorkerSurvivesOutOfMemory() {
    ErrorCurveWorker worker;
    QSignalSpy ready(&worker, &ErrorCurveWorker::ready);
    ScopedFault fault("error-curve");
    worker.request({}, {}, 0, {{QStringLiteral("a"), EstimatorSpec::keras(0.9)}}, false);
    worker.waitForDone();
    QCOMPARE(ready.count(), 1);
    QVERIFY(ready.at(0).at(0).value<std::vector<ErrorCurveResult>>().empty());
}

void TestBoundaries::exportTargetsThatNeedASecondLook() {
    const QStringList names{"trace.csv", "eval.csv", "train.csv"};
    QVERIFY(exportTargetConcern(QStringLiteral("/"), names).contains(QStringLiteral("system")));
    QVERIFY(exportTargetConcern(QStringLiteral("/usr"), names).contains(QStringLiteral("system")));
    QVERIFY(exportTargetConcern(QStringLiteral("/usr/share/doc"), names)
                .contains(QStringLiteral("system")));
    QTemporaryDir tmp;
    QVERIFY(exportTargetConcern(tmp.path(), names).isEmpty());
    QFile existing(QDir(tmp.path()).filePath(QStringLiteral("eval.csv")));
    QVERIFY(existing.open(QIODevice::WriteOnly));
    existing.close();
    const QString concern = exportTargetConcern(tmp.path(), names);
    QVERIFY2(concern.contains(QStringLiteral("eval.csv")) && !concern.contains("trace.csv"),
             qPrintable(concern));
}

// The window's session refuses a configuration whose fixed part exceeds the budget (keeping
// the current run) and lowers its step cap to the steps whose history fits.
void TestBoundaries::windowRunsStayInsideTheMemoryBudget() {
    TrainingSession session;
    session.configure(smallConfig(10));
    QCOMPARE(session.stepCap(), TrainingSession::DefaultStepCap);
    setMemoryBudget(std::uint64_t(64) << 20);
    TrainingConfig wide = smallConfig(10);
    wide.model.hidden = {4096, 4096, 4096};
    QString problem;
    try {
        session.configure(wide);
    } catch (const ConfigError& e) {
        problem = QString::fromUtf8(e.what());
    }
    QVERIFY2(problem.contains(QStringLiteral("memory budget of 64.0 MiB")), qPrintable(problem));
    QCOMPARE(session.configuration().model.hidden, std::vector<int>{8}); // the run was kept
    session.configure(smallConfig(10));
    const long cap = session.stepCap();
    setMemoryBudget(0);
    QVERIFY2(cap > 1000 && cap < TrainingSession::DefaultStepCap, qPrintable(QString::number(cap)));
}

QTEST_MAIN(TestBoundaries)
#include "test_boundaries.moc"
