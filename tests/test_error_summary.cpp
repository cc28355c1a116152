// The error-vs-population summary: its formula, and the two effects it exists to show —
// low momentum is noisy, high momentum lags a change.
#include "ErrorSummary.h"
#include "Replay.h"
#include "Trainer.h"

#include <QtTest>
#include <cmath>

using namespace bnlab;

namespace {
History runInputBn(long steps, bool shift, std::uint64_t seed = 5) {
    TrainingConfig c;
    c.data.samples = 1000;
    c.model.inputBn = true;
    c.model.hidden = {8};
    c.batchSize = 16;
    c.populationEvery = 1;
    c.preciseBnBatches = 0;
    c.evaluateEvery = 0;
    c.shift = {shift, 1500, 3.0, 1.0};
    c.seed = seed;
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    for (long i = 0; i < steps; ++i)
        appendTo(h, trainer.step());
    return h;
}

double meanOver(const ErrorCurve& e, long from, long to) {
    double sum = 0;
    int n = 0;
    for (std::size_t k = 0; k < e.steps.size(); ++k)
        if (e.steps[k] >= from && e.steps[k] < to) {
            sum += e.meanError[k];
            ++n;
        }
    return sum / n;
}
} // namespace

class TestErrorSummary : public QObject {
    Q_OBJECT
  private slots:
    void matchesTheFormula();
    void lowMomentumIsNoisy();
    void highMomentumLagsAShift();
    void constantFeaturesAreLeftOut();
    void trackerGrownInPiecesIsTheWholeCurve();
};

void TestErrorSummary::matchesTheFormula() {
    const History h = runInputBn(50, false);
    const auto spec = EstimatorSpec::keras(0.9);
    const LayerPopulation pop = layerPopulation(h.population(), 0);
    QCOMPARE(pop.steps.front(), 1L); // step 0 has nothing to compare
    const ErrorCurve e = errorVsPopulation(h.batchStats(), pop, 0, spec);
    QCOMPARE(e.steps.size(), std::size_t(50));
    // Independently, at step 37: RMS over features of |EMA − µ|/σ and |EMA var − σ²|/σ².
    const long t = 37;
    double sm = 0, sv = 0;
    for (Eigen::Index f = 0; f < h.features(0); ++f) {
        const ReplayCurve r = replayFeature(h, 0, f, spec);
        const double mu = h.population()[t].exact.mean[0][f];
        const double var = h.population()[t].exact.var[0][f];
        sm += std::pow((r.mean[t - 1] - mu) / std::sqrt(var), 2);
        sv += std::pow((r.var[t - 1] - var) / var, 2);
    }
    QVERIFY(std::abs(e.meanError[t - 1] - std::sqrt(sm / 2)) < 1e-12);
    QVERIFY(std::abs(e.varError[t - 1] - std::sqrt(sv / 2)) < 1e-12);
}

// On a stationary population (BN on the raw inputs) a short average keeps the batch noise:
// β = 0.5 averages ~3 batches, β = 0.99 ~100.
void TestErrorSummary::lowMomentumIsNoisy() {
    const History h = runInputBn(1400, false);
    const auto pop = layerPopulation(h.population(), 0);
    const auto noisy = errorVsPopulation(h.batchStats(), pop, 0, EstimatorSpec::keras(0.5));
    const auto smooth = errorVsPopulation(h.batchStats(), pop, 0, EstimatorSpec::keras(0.99));
    const double a = meanOver(noisy, 900, 1400), b = meanOver(smooth, 900, 1400);
    QVERIFY2(a > 3 * b, qPrintable(QStringLiteral("β=0.5: %1, β=0.99: %2").arg(a).arg(b)));
}

// After the inputs jump by 3 units at step 1500, β = 0.999 is still far off 300 steps later
// while β = 0.9 caught up within a few dozen steps.
void TestErrorSummary::highMomentumLagsAShift() {
    const History h = runInputBn(1800, true);
    const auto pop = layerPopulation(h.population(), 0);
    const auto fast = errorVsPopulation(h.batchStats(), pop, 0, EstimatorSpec::keras(0.9));
    const auto slow = errorVsPopulation(h.batchStats(), pop, 0, EstimatorSpec::keras(0.999));
    const double fastAfter = meanOver(fast, 1550, 1800), slowAfter = meanOver(slow, 1550, 1800);
    QVERIFY2(slowAfter > 5 * fastAfter,
             qPrintable(QStringLiteral("β=0.9: %1, β=0.999: %2").arg(fastAfter).arg(slowAfter)));
    // The slow one's error jumped at the shift.
    QVERIFY(meanOver(slow, 1500, 1510) > 2 * meanOver(slow, 1400, 1500));
}

// A blank pixel has zero population variance: it must not turn the summary into 1e12.
void TestErrorSummary::constantFeaturesAreLeftOut() {
    History h({2}, 4);
    StepRecord r;
    r.batch.mean = {Vector::Constant(2, 1.0)};
    r.batch.var = {Vector::Constant(2, 0.0)};
    r.batch.var[0][1] = 2.0; // feature 1 varies, feature 0 is constant
    for (long t = 1; t <= 3; ++t)
        h.append(r);
    PopulationRecord p;
    p.step = 3;
    p.exact.mean = {Vector::Constant(2, 1.0)};
    p.exact.var = {Vector::Zero(2)};
    p.exact.var[0][1] = 2.0;
    // Keras β = 0.9 from 0/1: after 3 steps the EMA var of the constant feature is 0.9³ = 0.729,
    // which divided by its zero population variance would dominate everything.
    const auto e =
        errorVsPopulation(h.batchStats(), layerPopulation({p}, 0), 0, EstimatorSpec::keras(0.9));
    QCOMPARE(e.steps.size(), std::size_t(1));
    const double kept = 0.729;                           // 0.9³
    const double emaMean = 1.0 * (1 - kept);             // from 0 towards 1
    const double emaVar = kept * 1.0 + (1 - kept) * 2.0; // from 1 towards 2
    QVERIFY(std::abs(e.meanError[0] - std::abs(emaMean - 1.0) / std::sqrt(2.0)) < 1e-12);
    QVERIFY(std::abs(e.varError[0] - std::abs(emaVar - 2.0) / 2.0) < 1e-12);
}

// The window extends its error curves as the record grows instead of replaying all of it each
// time. Grown in uneven pieces (some without a new population point, some handed overlapping
// population points), the curve must be the one a replay of the whole record gives, bit for
// bit: each point the RMS over features, in feature order, of the replayed estimates' errors.
void TestErrorSummary::trackerGrownInPiecesIsTheWholeCurve() {
    TrainingConfig c;
    c.data.samples = 600;
    c.model.inputBn = true;
    c.model.hidden = {8}; // layer 0: the 2 inputs; layer 1: 8 hidden features
    c.batchSize = 16;
    c.populationEvery = 3;
    c.preciseBnBatches = 0;
    c.evaluateEvery = 0;
    c.seed = 11;
    const std::vector<std::pair<int, EstimatorSpec>> curves{{1, EstimatorSpec::debiased(0.9, true)},
                                                            {0, EstimatorSpec::keras(0.99)}};
    for (const auto& [layer, spec] : curves) {
        ErrorCurveTracker tracker(layer, spec);
        Trainer again(c, makeDatasets(c.data, c.seed));
        History grown = again.emptyHistory();
        ErrorCurve e; // the pieces, joined
        long pieces = 0;
        for (long piece : {1L, 2L, 5L, 1L, 1L, 7L, 30L, 2L, 51L}) {
            for (long i = 0; i < piece; ++i)
                appendTo(grown, again.step());
            const LayerPopulation all = layerPopulation(grown.population(), layer);
            // From one point before the curve's end, as a job that needs an older point for
            // another curve hands it.
            const std::size_t offset = tracker.points() > 0 ? tracker.points() - 1 : 0;
            LayerPopulation part;
            part.steps.assign(all.steps.begin() + long(offset), all.steps.end());
            part.mean.assign(all.mean.begin() + long(offset), all.mean.end());
            part.var.assign(all.var.begin() + long(offset), all.var.end());
            const ErrorCurve added = tracker.extend(grown.batchStats(), part, offset);
            e.steps.insert(e.steps.end(), added.steps.begin(), added.steps.end());
            e.meanError.insert(e.meanError.end(), added.meanError.begin(), added.meanError.end());
            e.varError.insert(e.varError.end(), added.varError.begin(), added.varError.end());
            pieces += piece;
            QCOMPARE(tracker.points(), all.steps.size());
        }
        QCOMPARE(pieces, 100L);

        const LayerPopulation all = layerPopulation(grown.population(), layer);
        QVERIFY(e.steps == all.steps);
        QCOMPARE(e.steps.back(), 99L);
        std::vector<ReplayCurve> replays;
        for (Eigen::Index f = 0; f < grown.features(layer); ++f)
            replays.push_back(replayFeature(grown, layer, f, spec));
        for (std::size_t k = 0; k < e.steps.size(); ++k) {
            const auto t = std::size_t(e.steps[k] - 1);
            double sm = 0, sv = 0;
            int live = 0;
            for (Eigen::Index f = 0; f < grown.features(layer); ++f) {
                const double mu = all.mean[k][f], var = all.var[k][f];
                if (!(var > DeadFeatureVariance))
                    continue;
                const double dm = (replays[std::size_t(f)].mean[t] - mu) / std::sqrt(var);
                const double dv = (replays[std::size_t(f)].var[t] - var) / var;
                sm += dm * dm;
                sv += dv * dv;
                ++live;
            }
            // Bit for bit: QCOMPARE would forgive the last digits.
            QVERIFY(e.meanError[k] == std::sqrt(sm / std::max(1, live)));
            QVERIFY(e.varError[k] == std::sqrt(sv / std::max(1, live)));
        }
    }
}

QTEST_APPLESS_MAIN(TestErrorSummary)
#include "test_error_summary.moc"
