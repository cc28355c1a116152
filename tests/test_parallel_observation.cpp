// Observation beside training: for every bundled lesson's configuration, a run whose population
// statistics, PreciseBN and evaluations are computed on their own thread records exactly what
// the serial run records, bit for bit, column by column. Also: divergence, abandoning a run with
// observations in flight, and the spacing a live session chooses on large data.
#include "Lesson.h"
#include "ObservationSpacing.h"
#include "TrainingSession.h"

#include <QtTest>
#include <chrono>
#include <cstring>
#include <thread>

using namespace bnlab;

namespace {
bool same(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}
bool same(const Vector& a, const Vector& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}
bool same(const LayerStats& a, const LayerStats& b) {
    if (a.mean.size() != b.mean.size() || a.var.size() != b.var.size())
        return false;
    for (std::size_t l = 0; l < a.mean.size(); ++l)
        if (!same(a.mean[l], b.mean[l]) || !same(a.var[l], b.var[l]))
            return false;
    return true;
}
bool same(const Evaluation& a, const Evaluation& b) {
    return same(a.loss, b.loss) && same(a.accuracy, b.accuracy);
}

// Every column of two histories, bit for bit; the first difference is reported.
void compareHistories(const History& serial, const History& parallel) {
    QCOMPARE(parallel.steps(), serial.steps());
    QCOMPARE(parallel.layers(), serial.layers());
    for (long t = 1; t <= serial.steps(); ++t) {
        const auto i = std::size_t(t - 1);
        QVERIFY2(same(serial.loss()[i], parallel.loss()[i]), qPrintable(QString::number(t)));
        QVERIFY(same(serial.accuracy()[i], parallel.accuracy()[i]));
        QVERIFY(same(serial.learningRate()[i], parallel.learningRate()[i]));
        QCOMPARE(parallel.epoch()[i], serial.epoch()[i]);
        for (int l = 0; l < serial.layers(); ++l)
            for (Eigen::Index f = 0; f < serial.features(l); ++f) {
                QVERIFY(same(serial.batchMean(t, l, f), parallel.batchMean(t, l, f)));
                QVERIFY(same(serial.batchVar(t, l, f), parallel.batchVar(t, l, f)));
            }
    }
    QCOMPARE(parallel.population().size(), serial.population().size());
    for (std::size_t i = 0; i < serial.population().size(); ++i) {
        const PopulationRecord &a = serial.population()[i], &b = parallel.population()[i];
        QCOMPARE(b.step, a.step);
        QVERIFY2(same(a.exact, b.exact), qPrintable(QString("population at step %1").arg(a.step)));
        QCOMPARE(b.precise.has_value(), a.precise.has_value());
        if (a.precise) {
            QVERIFY(same(a.precise->paper, b.precise->paper));
            QVERIFY(same(a.precise->pooled, b.precise->pooled));
        }
    }
    QCOMPARE(parallel.evaluations().size(), serial.evaluations().size());
    for (std::size_t i = 0; i < serial.evaluations().size(); ++i) {
        const EvalRecord &a = serial.evaluations()[i], &b = parallel.evaluations()[i];
        QCOMPARE(b.step, a.step);
        QVERIFY(same(a.batchStatistics, b.batchStatistics));
        QVERIFY(same(a.population, b.population));
        QCOMPARE(b.estimators.size(), a.estimators.size());
        for (std::size_t e = 0; e < a.estimators.size(); ++e)
            QVERIFY(same(a.estimators[e], b.estimators[e]));
        QCOMPARE(bool(b.weights), bool(a.weights));
        if (a.weights)
            QVERIFY(same(*a.weights, *b.weights));
    }
}

Split dataFor(const TrainingConfig& c) {
    return makeDatasets(c.data, c.seed,
                        c.data.kind == DatasetKind::Digits && c.data.path.empty()
                            ? TrainingSession::digitsCsv()
                            : std::string());
}

// Sanitized builds run ten times slower: there, each lesson runs its first steps only (still
// dozens of population steps and evaluations; the release build runs every lesson in full).
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr long MostSteps = 400;
#else
constexpr long MostSteps = 1'000'000;
#endif

History runToEnd(const TrainingConfig& c, ObservationMode mode, long steps) {
    Trainer trainer(c, dataFor(c), mode);
    History h = trainer.emptyHistory();
    for (long i = 0; i < steps && !trainer.diverged(); ++i)
        appendTo(h, trainer.step());
    appendTo(h, trainer.finishObservations());
    return h;
}
} // namespace

class TestParallelObservation : public QObject {
    Q_OBJECT
  private slots:
    void everyLessonBitForBit_data();
    void everyLessonBitForBit();
    void divergenceKeepsTheCompleteRecord();
    void abandoningARunInFlightIsSafe();
    void resultsArriveWhileTrainingGoesOn();
    void lessonsAreNeverSpacedOut();
    void largeDataIsSpacedOut();
};

void TestParallelObservation::everyLessonBitForBit_data() {
    QTest::addColumn<QString>("path");
    const QStringList paths = bundledLessonPaths();
    QVERIFY(paths.size() >= 8);
    for (const QString& p : paths)
        QTest::newRow(qPrintable(QFileInfo(p).baseName())) << p;
}

void TestParallelObservation::everyLessonBitForBit() {
    QFETCH(QString, path);
    const Lesson lesson = loadLesson(path);
    const long steps = std::min(lesson.suggestedSteps, MostSteps);
    const History serial = runToEnd(lesson.config, ObservationMode::Serial, steps);
    const History parallel = runToEnd(lesson.config, ObservationMode::Parallel, steps);
    QVERIFY(!serial.population().empty() || lesson.config.populationEvery == 0);
    compareHistories(serial, parallel);
}

void TestParallelObservation::divergenceKeepsTheCompleteRecord() {
    TrainingConfig c;
    c.data.samples = 400;
    // The largest rate and weight decay the limits allow: diverges after about 15 steps.
    c.optimizer.learningRate = 1000;
    c.optimizer.weightDecay = 1000;
    c.optimizer.sgdMomentum = 0.0;
    c.populationEvery = 1;
    c.evaluateEvery = 1;
    const History serial = runToEnd(c, ObservationMode::Serial, 200);
    QVERIFY(serial.steps() < 200);
    QVERIFY2(serial.population().size() >= 2, qPrintable(QString::number(serial.steps())));
    Trainer trainer(c, dataFor(c), ObservationMode::Parallel);
    History parallel = trainer.emptyHistory();
    bool diverged = false;
    for (int i = 0; i < 200 && !diverged; ++i) {
        StepOutput out = trainer.step();
        diverged = out.diverged;
        appendTo(parallel, std::move(out));
    }
    QVERIFY(diverged);
    QVERIFY(!trainer.hasPendingObservations()); // the diverged step brought everything
    compareHistories(serial, parallel);
}

void TestParallelObservation::abandoningARunInFlightIsSafe() {
    TrainingConfig c;
    c.data.samples = 4000;
    c.populationEvery = 1;
    c.preciseBnBatches = 50;
    c.evaluateEvery = 1;
    int abandoned = 0; // runs destroyed with observations still pending
    for (int run = 0; run < 5; ++run) {
        Trainer trainer(c, dataFor(c), ObservationMode::Parallel);
        for (int i = 0; i < 10 + run; ++i)
            trainer.step();
        abandoned += trainer.hasPendingObservations();
    } // destroyed with jobs waiting and one in progress
    // Training helps with the observations it waits for, so a run may (rarely, on a loaded
    // machine) have caught up when it ends; most runs end with jobs in flight.
    QVERIFY(abandoned > 0);
}

// Steps hand over the observations finished so far (the window draws them while training goes
// on), not only finishObservations().
void TestParallelObservation::resultsArriveWhileTrainingGoesOn() {
    TrainingConfig c;
    c.data.samples = 400;
    c.populationEvery = 1;
    c.evaluateEvery = 5;
    Trainer trainer(c, dataFor(c), ObservationMode::Parallel);
    History h = trainer.emptyHistory();
    for (int i = 0; i < 50; ++i) {
        appendTo(h, trainer.step());
        std::this_thread::sleep_for(std::chrono::milliseconds(2)); // the observer's turn
    }
    QVERIFY2(h.population().size() >= 25, qPrintable(QString::number(h.population().size())));
    QVERIFY(h.evaluations().size() >= 5);
}

void TestParallelObservation::lessonsAreNeverSpacedOut() {
    for (const QString& path : bundledLessonPaths()) {
        const Lesson lesson = loadLesson(path);
        Trainer trainer(lesson.config, dataFor(lesson.config));
        const RunInfo info = trainer.info();
        const ObservationSpacing s =
            liveObservationSpacing(lesson.config, info.trainingSamples, info.validationSamples);
        QVERIFY2(!s.spacedOut(), qPrintable(path));
        QCOMPARE(s.populationEvery, lesson.config.populationEvery);
        QCOMPARE(s.evaluateEvery, lesson.config.evaluateEvery);
    }
}

void TestParallelObservation::largeDataIsSpacedOut() {
    TrainingConfig c; // P = 10, PreciseBN 20, V = 50, batch 32
    const ObservationSpacing s = liveObservationSpacing(c, 160'000, 40'000);
    QVERIFY(s.spacedOut());
    QCOMPARE(s.populationEvery, c.populationEvery * s.factor);
    QCOMPARE(s.evaluateEvery, c.evaluateEvery * s.factor);
    // Deterministic, and the larger the data, the wider the spacing.
    QCOMPARE(liveObservationSpacing(c, 160'000, 40'000).factor, s.factor);
    QVERIFY(liveObservationSpacing(c, 1'600'000, 400'000).factor > s.factor);
    // Nothing to space out when nothing is observed.
    c.populationEvery = 0;
    c.evaluateEvery = 0;
    QVERIFY(!liveObservationSpacing(c, 160'000, 40'000).spacedOut());
}

QTEST_GUILESS_MAIN(TestParallelObservation)
#include "test_parallel_observation.moc"
