// The cost readout's numbers: extra samples pushed through the network to obtain inference
// statistics, each way, counted from what a run recorded.
#include "InferenceCost.h"
#include "Trainer.h"

#include <QtTest>

using namespace bnlab;

namespace {
TrainingConfig smallRun() {
    TrainingConfig c;
    c.data.samples = 200; // 160 training, 40 validation
    c.model.hidden = {4};
    c.batchSize = 8;
    c.populationEvery = 10;
    c.preciseBnBatches = 3;
    c.evaluateEvery = 25;
    return c;
}

History run(const TrainingConfig& c, long steps, long* trainingSetSize) {
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    for (long i = 0; i < steps; ++i)
        appendTo(h, trainer.step());
    *trainingSetSize = trainer.trainingSet().size();
    return h;
}
} // namespace

class TestInferenceCost : public QObject {
    Q_OBJECT
  private slots:
    void countsEachWay();
    void nothingRecordedCostsNothing();
    void switchedOffCostsNothing();
};

void TestInferenceCost::countsEachWay() {
    const TrainingConfig c = smallRun();
    long trainingSet = 0;
    const History h = run(c, 100, &trainingSet);
    QCOMPARE(trainingSet, 160L);
    const InferenceCost cost = inferenceCost(h, c, trainingSet);
    QCOMPARE(cost.steps, 100L);
    QCOMPARE(cost.trainingSamples, 100L * 8);
    QCOMPARE(cost.emaSamples, 0L);
    // Population steps 0, 10, …, 100: eleven, each with 3 PreciseBN batches of 8.
    QCOMPARE(cost.preciseBnPasses, 11L);
    QCOMPARE(cost.preciseBnSamples, 11L * 3 * 8);
    // Evaluations at steps 0, 25, 50, 75, 100: five passes over the 160 training samples.
    QCOMPARE(cost.populationPasses, 5L);
    QCOMPARE(cost.populationSamples, 5L * 160);
}

void TestInferenceCost::nothingRecordedCostsNothing() {
    const InferenceCost cost = inferenceCost(History{}, smallRun(), 160);
    QCOMPARE(cost.steps, 0L);
    QCOMPARE(cost.trainingSamples, 0L);
    QCOMPARE(cost.preciseBnSamples, 0L);
    QCOMPARE(cost.populationSamples, 0L);
}

void TestInferenceCost::switchedOffCostsNothing() {
    TrainingConfig c = smallRun();
    c.preciseBnBatches = 0;
    c.evaluateEvery = 0;
    long trainingSet = 0;
    const History h = run(c, 30, &trainingSet);
    const InferenceCost cost = inferenceCost(h, c, trainingSet);
    QCOMPARE(cost.preciseBnPasses, 0L);
    QCOMPARE(cost.preciseBnSamples, 0L);
    QCOMPARE(cost.populationPasses, 0L);
    QCOMPARE(cost.populationSamples, 0L);
    QCOMPARE(cost.trainingSamples, 30L * 8);
}

QTEST_GUILESS_MAIN(TestInferenceCost)
#include "test_inference_cost.moc"
