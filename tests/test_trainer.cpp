// The training loop: determinism, replay = online, population statistics, PreciseBN,
// evaluation, divergence and configuration errors.
#include "Errors.h"
#include "Replay.h"
#include "Trainer.h"

#include <QtTest>
#include <cstring>

using namespace bnlab;

namespace {
TrainingConfig smallConfig() {
    TrainingConfig c;
    c.data.kind = DatasetKind::Moons;
    c.data.samples = 300;
    c.model.hidden = {8, 6};
    c.batchSize = 16;
    c.populationEvery = 5;
    c.preciseBnBatches = 4;
    c.evaluateEvery = 10;
    c.seed = 11;
    return c;
}

History run(const TrainingConfig& c, long steps, Trainer** keep = nullptr) {
    static std::unique_ptr<Trainer> last;
    last = std::make_unique<Trainer>(c, makeDatasets(c.data, c.seed));
    History h = last->emptyHistory();
    for (long i = 0; i < steps; ++i)
        appendTo(h, last->step());
    if (keep)
        *keep = last.get();
    return h;
}

bool sameBits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

// The same steps with the same losses and batch statistics, bit for bit.
bool sameStepRecords(const History& a, const History& b) {
    if (a.steps() != b.steps())
        return false;
    for (long t = 1; t <= a.steps(); ++t) {
        if (!sameBits(a.loss()[std::size_t(t - 1)], b.loss()[std::size_t(t - 1)]))
            return false;
        for (int l = 0; l < a.layers(); ++l)
            for (Eigen::Index f = 0; f < a.features(l); ++f)
                if (!sameBits(a.batchMean(t, l, f), b.batchMean(t, l, f)) ||
                    !sameBits(a.batchVar(t, l, f), b.batchVar(t, l, f)))
                    return false;
    }
    return true;
}
} // namespace

class TestTrainer : public QObject {
    Q_OBJECT
  private slots:
    void deterministicBitForBit();
    void spentRecordsAreRefilled();
    void differentSeedDiffers();
    void replayEqualsOnline_data();
    void replayEqualsOnline();
    void replayAtMatchesReplayFeature();
    void inputBnPopulationIsTheDataStatistics();
    void preciseBnEstimators();
    void evaluationRecords();
    void sortedBatchesHoldOneClass();
    void distributionShiftMovesInputStatistics();
    void divergenceStopsAndKeepsHistory();
    void learningRateSchedules();
    void invalidConfigurations_data();
    void invalidConfigurations();
    void trainingLearns();
};

void TestTrainer::deterministicBitForBit() {
    const auto c = smallConfig();
    const History a = run(c, 60), b = run(c, 60);
    QCOMPARE(a.steps(), 60);
    QVERIFY(sameStepRecords(a, b));
    QCOMPARE(a.evaluations().size(), b.evaluations().size());
    for (std::size_t i = 0; i < a.evaluations().size(); ++i)
        QVERIFY(sameBits(a.evaluations()[i].population.loss, b.evaluations()[i].population.loss));
}

// The live session hands each appended step record back to the trainer, which fills the same
// buffers again: same numbers, no new allocation.
void TestTrainer::spentRecordsAreRefilled() {
    const auto c = smallConfig();
    const History fresh = run(c, 40);
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    StepRecord spent;
    for (long i = 0; i < 40; ++i) {
        const double* buffer = spent.batch.mean.empty() ? nullptr : spent.batch.mean[1].data();
        StepOutput out = trainer.step(std::move(spent));
        QVERIFY(out.step);
        if (buffer)
            QCOMPARE(out.step->batch.mean[1].data(), buffer);
        appendTo(h, out);
        QVERIFY(out.step); // still there, for the next step
        QVERIFY(out.population.empty() && out.evaluations.empty()); // moved into the History
        spent = std::move(*out.step);
    }
    QCOMPARE(h.steps(), fresh.steps());
    QVERIFY(sameStepRecords(h, fresh));
    QCOMPARE(h.population().size(), fresh.population().size());
    QCOMPARE(h.evaluations().size(), fresh.evaluations().size());
}

void TestTrainer::differentSeedDiffers() {
    auto c = smallConfig();
    const History a = run(c, 5);
    c.seed = 12;
    const History b = run(c, 5);
    QVERIFY(a.loss()[4] != b.loss()[4]);
}

void TestTrainer::replayEqualsOnline_data() {
    QTest::addColumn<bool>("inputBn");
    QTest::newRow("hidden BN") << false;
    QTest::newRow("input + hidden BN") << true;
}

// Every estimator of the bank, replayed from the record, equals the online value after every
// step — exactly, not approximately.
void TestTrainer::replayEqualsOnline() {
    QFETCH(bool, inputBn);
    auto c = smallConfig();
    c.model.inputBn = inputBn;
    c.estimators = {EstimatorSpec::keras(0.5),           EstimatorSpec::keras(0.99),
                    EstimatorSpec::pytorch(0.1),         EstimatorSpec::pytorchCumulative(),
                    EstimatorSpec::debiased(0.9, false), EstimatorSpec::debiased(0.99, true),
                    EstimatorSpec::cumulative(false)};
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    const long steps = 80;
    // online[e][t] = the full (layer, feature) vectors of estimator e after step t
    std::vector<std::vector<LayerStats>> online(c.estimators.size());
    for (long t = 1; t <= steps; ++t) {
        appendTo(h, trainer.step());
        for (std::size_t e = 0; e < c.estimators.size(); ++e)
            online[e].push_back(trainer.estimatorStats(e));
    }
    for (std::size_t e = 0; e < c.estimators.size(); ++e)
        for (int l = 0; l < h.layers(); ++l)
            for (Eigen::Index f = 0; f < h.features(l); ++f) {
                const ReplayCurve curve = replayFeature(h, l, f, c.estimators[e]);
                QCOMPARE(long(curve.mean.size()), steps);
                for (long t = 1; t <= steps; ++t) {
                    const auto& o = online[e][std::size_t(t - 1)];
                    QVERIFY2(sameBits(curve.mean[std::size_t(t - 1)], o.mean[std::size_t(l)][f]),
                             c.estimators[e].label().c_str());
                    QVERIFY(sameBits(curve.var[std::size_t(t - 1)], o.var[std::size_t(l)][f]));
                }
            }
}

void TestTrainer::replayAtMatchesReplayFeature() {
    const auto c = smallConfig();
    const History h = run(c, 40);
    const auto spec = EstimatorSpec::keras(0.9);
    const auto at = replayAt(h, spec, {0, 10, 25, 40});
    QCOMPARE(at.size(), std::size_t(4));
    QCOMPARE(at[0].mean[0][0], 0.0); // initial values before any step
    QCOMPARE(at[0].var[0][0], 1.0);
    for (int l = 0; l < h.layers(); ++l)
        for (Eigen::Index f = 0; f < h.features(l); ++f) {
            const auto curve = replayFeature(h, l, f, spec);
            QVERIFY(sameBits(at[1].mean[std::size_t(l)][f], curve.mean[9]));
            QVERIFY(sameBits(at[2].var[std::size_t(l)][f], curve.var[24]));
            QVERIFY(sameBits(at[3].mean[std::size_t(l)][f], curve.mean[39]));
        }
}

// With BN on the raw inputs, that layer's population is the training data itself: its exact
// statistics must equal the data's mean and (biased) variance, computed here independently.
void TestTrainer::inputBnPopulationIsTheDataStatistics() {
    auto c = smallConfig();
    c.model.inputBn = true;
    Trainer* trainer = nullptr;
    const History h = run(c, 20, &trainer);
    const Matrix& x = trainer->trainingSet().x;
    QVERIFY(!h.population().empty());
    for (const auto& p : h.population()) {
        for (Eigen::Index f = 0; f < x.cols(); ++f) {
            double sum = 0, sq = 0;
            for (Eigen::Index i = 0; i < x.rows(); ++i)
                sum += x(i, f);
            const double mean = sum / double(x.rows());
            for (Eigen::Index i = 0; i < x.rows(); ++i)
                sq += (x(i, f) - mean) * (x(i, f) - mean);
            QVERIFY(std::abs(p.exact.mean[0][f] - mean) < 1e-12);
            QVERIFY(std::abs(p.exact.var[0][f] - sq / double(x.rows())) < 1e-12);
        }
    }
    // ... and the input layer's EMA converges towards it (stationary target).
    const auto curve = replayFeature(h, 0, 0, EstimatorSpec::keras(0.5));
    const double pop = h.population().back().exact.mean[0][0];
    QVERIFY(std::abs(curve.mean.back() - pop) < 0.5);
}

void TestTrainer::preciseBnEstimators() {
    auto c = smallConfig();
    c.model.inputBn = true;
    c.preciseBnBatches = 50;
    const History h = run(c, 10);
    const auto& p = h.population().back();
    QVERIFY(p.precise.has_value());
    const double m = c.batchSize;
    for (int l = 0; l < h.layers(); ++l) {
        // Same mean; the paper's variance carries the m/(m−1) correction of the average batch
        // variance, the pooled one also includes the spread of the batch means.
        QCOMPARE(p.precise->paper.mean[std::size_t(l)], p.precise->pooled.mean[std::size_t(l)]);
        QVERIFY((p.precise->paper.var[std::size_t(l)].array() > 0).all());
        QVERIFY((p.precise->pooled.var[std::size_t(l)].array() > 0).all());
    }
    // On the inputs (a stationary population), both estimate the data's variance within 15%.
    for (Eigen::Index f = 0; f < h.features(0); ++f) {
        const double truth = p.exact.var[0][f];
        QVERIFY(std::abs(p.precise->paper.var[0][f] / truth - 1) < 0.15);
        QVERIFY(std::abs(p.precise->pooled.var[0][f] / truth - 1) < 0.15);
    }
    Q_UNUSED(m);
}

void TestTrainer::evaluationRecords() {
    const auto c = smallConfig();
    const History h = run(c, 30);
    QCOMPARE(h.evaluations().size(), std::size_t(4)); // steps 0, 10, 20, 30
    QCOMPARE(h.population().size(), std::size_t(7));  // steps 0, 5, …, 30
    for (std::size_t i = 0; i < h.evaluations().size(); ++i) {
        const auto& e = h.evaluations()[i];
        QCOMPARE(e.step, long(i * 10));
        QCOMPARE(e.estimators.size(), c.estimators.size());
        QVERIFY(e.population.accuracy >= 0 && e.population.accuracy <= 1);
        QVERIFY(e.batchStatistics.accuracy >= 0 && e.batchStatistics.accuracy <= 1);
        QVERIFY(e.weights && e.weights->size() > 0);
    }
}

void TestTrainer::sortedBatchesHoldOneClass() {
    std::vector<int> labels;
    for (int i = 0; i < 96; ++i)
        labels.push_back(i % 3);
    Batcher sorted(labels, 3, 8, BatchOrder::SortedByClass, 5);
    for (int b = 0; b < 12; ++b) {
        const auto& batch = sorted.next();
        for (auto i : batch)
            QCOMPARE(labels[std::size_t(i)], labels[std::size_t(batch.front())]);
    }
    QCOMPARE(sorted.epoch(), 0L);
    sorted.next();
    QCOMPARE(sorted.epoch(), 1L);
    Batcher shuffled(labels, 3, 8, BatchOrder::Shuffled, 5);
    int mixed = 0;
    for (int b = 0; b < 12; ++b) {
        const auto& batch = shuffled.next();
        for (auto i : batch)
            mixed += labels[std::size_t(i)] != labels[std::size_t(batch.front())];
    }
    QVERIFY(mixed > 0);
}

void TestTrainer::distributionShiftMovesInputStatistics() {
    auto c = smallConfig();
    c.model.inputBn = true;
    c.shift = {true, 10, 2.0, 3.0};
    Trainer* trainer = nullptr;
    const History h = run(c, 20, &trainer);
    const Matrix& x = trainer->trainingSet().x;
    const double mean0 = x.col(0).mean();
    for (const auto& p : h.population()) {
        const double expected = p.step >= 10 ? 3.0 * mean0 + 2.0 : mean0;
        QVERIFY(std::abs(p.exact.mean[0][0] - expected) < 1e-12);
    }
    // Batch means follow the shift from step 10 on.
    QVERIFY(h.batchMean(12, 0, 0) > 1.0);
}

void TestTrainer::divergenceStopsAndKeepsHistory() {
    auto c = smallConfig();
    c.optimizer.learningRate = 1000; // with this weight decay the weights overflow
    c.optimizer.weightDecay = 1000;
    c.optimizer.sgdMomentum = 0.0;
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    StepOutput out;
    long i = 0;
    for (; i < 100 && !out.diverged; ++i) {
        out = trainer.step();
        appendTo(h, out);
    }
    QVERIFY(out.diverged);
    QVERIFY(trainer.diverged());
    QVERIFY(out.reason.find("diverged at step") != std::string::npos);
    QCOMPARE(h.steps(), trainer.stepsDone());
    QVERIFY(h.steps() >= 1);
    for (double loss : h.loss())
        QVERIFY(std::isfinite(loss));
    const auto again = trainer.step();
    QVERIFY(again.diverged);
    QVERIFY(!again.step);
}

void TestTrainer::learningRateSchedules() {
    OptimizerConfig o;
    o.learningRate = 0.4;
    QCOMPARE(o.learningRateAt(123), 0.4);
    o.schedule = LrSchedule::StepDecay;
    o.stepDecayEvery = 100;
    o.stepDecayFactor = 0.5;
    QCOMPARE(o.learningRateAt(99), 0.4);
    QCOMPARE(o.learningRateAt(100), 0.2);
    QCOMPARE(o.learningRateAt(250), 0.1);
    o.schedule = LrSchedule::Cosine;
    o.cosineSteps = 1000;
    QCOMPARE(o.learningRateAt(0), 0.4);
    QVERIFY(std::abs(o.learningRateAt(500) - 0.2) < 1e-12);
    QVERIFY(std::abs(o.learningRateAt(1000)) < 1e-12);
    QVERIFY(std::abs(o.learningRateAt(5000)) < 1e-12);
}

void TestTrainer::invalidConfigurations_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("batch size 1") << 0 << "batch size 1 is too small";
    QTest::newRow("batch larger than the set") << 1 << "larger than the training set";
    QTest::newRow("zero-width layer") << 2 << "hidden layer 2 has width 0";
    QTest::newRow("negative learning rate") << 3 << "learning rate -0.1";
    QTest::newRow("SGD momentum") << 4 << "SGD momentum 1.5 is outside [0, 1]";
    QTest::newRow("BN momentum") << 5 << "BN momentum";
}

void TestTrainer::invalidConfigurations() {
    QFETCH(int, which);
    QFETCH(QString, phrase);
    auto c = smallConfig();
    switch (which) {
    case 0:
        c.batchSize = 1;
        break;
    case 1:
        c.batchSize = 1000; // in range, larger than the 240 training samples
        break;
    case 2:
        c.model.hidden = {4, 0};
        break;
    case 3:
        c.optimizer.learningRate = -0.1;
        break;
    case 4:
        c.optimizer.sgdMomentum = 1.5;
        break;
    case 5:
        c.estimators.push_back(EstimatorSpec::keras(1.2));
        break;
    }
    try {
        Trainer trainer(c, makeDatasets(c.data, c.seed));
        QFAIL("the configuration was accepted");
    } catch (const ConfigError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(phrase), e.what());
    }
}

void TestTrainer::trainingLearns() {
    auto c = smallConfig();
    c.evaluateEvery = 300;
    const History h = run(c, 300);
    const auto& last = h.evaluations().back();
    QCOMPARE(last.step, 300L);
    QVERIFY2(last.population.accuracy > 0.8, "moons should be learned in 300 steps");
    QVERIFY(h.loss().back() < h.loss().front());
}

QTEST_APPLESS_MAIN(TestTrainer)
#include "test_trainer.moc"
