// Background re-evaluation of weight snapshots under any momentum: equality with the online
// evaluation, newest-first delivery, and cancellation.
#include "Reevaluator.h"
#include "Trainer.h"

#include <QSignalSpy>
#include <QtTest>

using namespace bnlab;

namespace {
struct Run {
    std::unique_ptr<Trainer> trainer;
    History history;
};

Run makeRun(long steps, int evaluateEvery) {
    TrainingConfig c;
    c.data.samples = 300;
    c.model.hidden = {8, 8};
    c.batchSize = 16;
    c.evaluateEvery = evaluateEvery;
    c.populationEvery = 0;
    c.preciseBnBatches = 0;
    c.estimators = {EstimatorSpec::keras(0.9), EstimatorSpec::pytorch(0.1),
                    EstimatorSpec::debiased(0.99, false)};
    Run run{std::make_unique<Trainer>(c, makeDatasets(c.data, c.seed)), {}};
    run.history = run.trainer->emptyHistory();
    for (long i = 0; i < steps; ++i)
        appendTo(run.history, run.trainer->step());
    return run;
}
} // namespace

class TestReevaluator : public QObject {
    Q_OBJECT
  private slots:
    void equalsOnlineEvaluation_data();
    void equalsOnlineEvaluation();
    void newestFirst();
    void newRequestCancelsThePrevious();
};

void TestReevaluator::equalsOnlineEvaluation_data() {
    QTest::addColumn<int>("bankIndex");
    QTest::newRow("Keras β=0.9") << 0;
    QTest::newRow("PyTorch α=0.1") << 1;
    QTest::newRow("debiased β=0.99") << 2;
}

void TestReevaluator::equalsOnlineEvaluation() {
    QFETCH(int, bankIndex);
    Run run = makeRun(120, 10);
    Reevaluator re;
    std::map<long, Evaluation> got;
    connect(&re, &Reevaluator::pointsReady, this,
            [&](quint64, const std::vector<ReevaluatedPoint>& points) {
                for (const auto& p : points)
                    got[p.step] = p.evaluation;
            });
    QSignalSpy finished(&re, &Reevaluator::finished);
    const auto spec = run.trainer->config().estimators[std::size_t(bankIndex)];
    re.start(run.history, std::make_shared<const SnapshotEvaluator>(*run.trainer), spec);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(got.size(), run.history.evaluations().size());
    for (const auto& e : run.history.evaluations()) {
        QVERIFY(got.count(e.step));
        QCOMPARE(got[e.step].loss, e.estimators[std::size_t(bankIndex)].loss);
        QCOMPARE(got[e.step].accuracy, e.estimators[std::size_t(bankIndex)].accuracy);
    }
}

void TestReevaluator::newestFirst() {
    Run run = makeRun(200, 5);
    Reevaluator re;
    std::vector<long> order;
    connect(&re, &Reevaluator::pointsReady, this,
            [&](quint64, const std::vector<ReevaluatedPoint>& points) {
                for (const auto& p : points)
                    order.push_back(p.step);
            });
    QSignalSpy finished(&re, &Reevaluator::finished);
    re.start(run.history, std::make_shared<const SnapshotEvaluator>(*run.trainer),
             EstimatorSpec::keras(0.7));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(long(order.size()), 41L);
    QCOMPARE(order.front(), 200L);
    QVERIFY(std::is_sorted(order.rbegin(), order.rend()));
}

void TestReevaluator::newRequestCancelsThePrevious() {
    Run run = makeRun(3000, 1); // 3001 snapshots: a long job
    auto evaluator = std::make_shared<const SnapshotEvaluator>(*run.trainer);
    Reevaluator re;
    std::vector<quint64> jobsSeen;
    connect(&re, &Reevaluator::pointsReady, this,
            [&](quint64 job, const std::vector<ReevaluatedPoint>&) { jobsSeen.push_back(job); });
    QSignalSpy finished(&re, &Reevaluator::finished);
    const quint64 first = re.start(run.history, evaluator, EstimatorSpec::keras(0.5));
    QTest::qWait(5);
    const quint64 second = re.start(run.history, evaluator, EstimatorSpec::keras(0.99));
    QVERIFY(second != first);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.at(0).at(0).value<quint64>(), second);
    for (quint64 job : jobsSeen)
        QVERIFY(job == first || job == second);
    // Once the second job started, nothing of the first was delivered.
    const auto firstOfSecond = std::find(jobsSeen.begin(), jobsSeen.end(), second);
    QVERIFY(firstOfSecond != jobsSeen.end());
    QVERIFY(std::find(firstOfSecond, jobsSeen.end(), first) == jobsSeen.end());
    // Cancel: nothing more arrives.
    re.start(run.history, evaluator, EstimatorSpec::keras(0.9));
    re.cancel();
    QVERIFY(re.waitForIdle(10000));
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 1);
}

QTEST_MAIN(TestReevaluator)
#include "test_reevaluator.moc"
