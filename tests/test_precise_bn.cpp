// PreciseBN in one pass: the batches go through the network together, in chunks, each BN layer
// taking every batch's statistics from its own segment of rows. The estimates equal those of the
// batches sent through one at a time (the reference below, written with the training step's own
// forward pass), and the memory a pass holds does not grow with the number of batches.
#include "PreciseBn.h"

#include <QtTest>
#include <climits>
#include <cstring>
#include <numeric>

using namespace bnlab;

namespace {
bool same(const Vector& a, const Vector& b) {
    return a.size() == b.size() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

// The batches of one PreciseBN pass, drawn as estimatePreciseBn draws them, sent through the
// training-mode network one after another.
PreciseBnEstimate batchByBatch(const Mlp& model, const Matrix& x, int batches, int m, Rng& rng) {
    const std::size_t layers = std::size_t(model.bnLayerCount());
    std::vector<Vector> sumMean(layers), sumVar(layers), sumSquare(layers);
    for (std::size_t l = 0; l < layers; ++l)
        sumMean[l] = sumVar[l] = sumSquare[l] = Vector::Zero(model.bnFeatures(int(l)));
    std::vector<Eigen::Index> rows(std::size_t(x.rows()));
    std::iota(rows.begin(), rows.end(), Eigen::Index(0));
    const std::vector<int> labels(std::size_t(m), 0);
    for (int b = 0; b < batches; ++b) {
        rng.sampleToFront(rows, std::size_t(m));
        const std::vector<Eigen::Index> first(rows.begin(), rows.begin() + m);
        const Matrix batch = x(first, Eigen::all);
        Mlp copy = model;
        LayerStats stats;
        copy.trainStep(batch, labels, stats);
        for (std::size_t l = 0; l < layers; ++l) {
            sumMean[l] += stats.mean[l];
            sumVar[l] += stats.var[l];
            sumSquare[l] += (stats.var[l].array() + stats.mean[l].array().square()).matrix();
        }
    }
    PreciseBnEstimate est;
    const double n = batches, mm = m;
    for (std::size_t l = 0; l < layers; ++l) {
        const Vector mean = sumMean[l] / n;
        est.paper.mean.push_back(mean);
        est.paper.var.push_back(sumVar[l] / n * (mm / (mm - 1.0)));
        est.pooled.mean.push_back(mean);
        est.pooled.var.push_back((sumSquare[l] / n).array() - mean.array().square());
    }
    return est;
}
} // namespace

class TestPreciseBn : public QObject {
    Q_OBJECT
  private slots:
    void onePassEqualsBatchByBatch_data();
    void onePassEqualsBatchByBatch();
    void memoryDoesNotGrowWithBatches();
    void batchesAreUniformChoicesWithoutReplacement();
};

void TestPreciseBn::onePassEqualsBatchByBatch_data() {
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<int>("batches");
    QTest::addColumn<bool>("inputBn");
    QTest::addColumn<bool>("after");
    QTest::addColumn<bool>("tanh");
    QTest::addColumn<int>("width");
    // 300 batches of 16 make three chunks (128, 128, 44 batches).
    QTest::newRow("m=16, 300 batches, chunks") << 16 << 300 << false << false << false << 24;
    QTest::newRow("m=32, 20 batches") << 32 << 20 << false << false << false << 24;
    QTest::newRow("m=7 (odd), input BN") << 7 << 40 << true << false << false << 24;
    QTest::newRow("m=5, BN after tanh") << 5 << 500 << true << true << true << 24;
    QTest::newRow("m=2, one batch") << 2 << 1 << false << false << false << 24;
    QTest::newRow("m=64, 128 wide, 70 batches") << 64 << 70 << false << false << false << 128;
    QTest::newRow("m=33, 256 wide") << 33 << 80 << true << false << false << 256;
}

void TestPreciseBn::onePassEqualsBatchByBatch() {
    QFETCH(int, batchSize);
    QFETCH(int, batches);
    QFETCH(bool, inputBn);
    QFETCH(bool, after);
    QFETCH(bool, tanh);
    QFETCH(int, width);
    ModelConfig mc;
    mc.hidden = {width, 16, width};
    mc.inputBn = inputBn;
    mc.placement = after ? BnPlacement::AfterActivation : BnPlacement::BeforeActivation;
    mc.activation = tanh ? Activation::Tanh : Activation::Relu;
    Rng init(5);
    Mlp model(mc, 3, 2, init);
    Rng dataRng(9);
    Matrix x(301, 3);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = dataRng.normal() * 2.0 + 0.5;

    Rng a(77), b(77);
    const PreciseBnEstimate onePass = estimatePreciseBn(model, x, batches, batchSize, a);
    const PreciseBnEstimate reference = batchByBatch(model, x, batches, batchSize, b);
    QCOMPARE(a.next(), b.next()); // the same random draws
    QCOMPARE(onePass.paper.mean.size(), std::size_t(model.bnLayerCount()));
    for (std::size_t l = 0; l < onePass.paper.mean.size(); ++l) {
        QVERIFY2(same(onePass.paper.mean[l], reference.paper.mean[l]),
                 qPrintable(QString::number(l)));
        QVERIFY(same(onePass.paper.var[l], reference.paper.var[l]));
        QVERIFY(same(onePass.pooled.mean[l], reference.pooled.mean[l]));
        QVERIFY(same(onePass.pooled.var[l], reference.pooled.var[l]));
    }
}

void TestPreciseBn::memoryDoesNotGrowWithBatches() {
    TrainingConfig c;
    c.model.hidden = {64, 64};
    c.batchSize = 32;
    c.preciseBnBatches = 20;
    const std::size_t twenty = preciseBnPassMaxBytes(c, 64, 10, 160'000);
    c.preciseBnBatches = INT_MAX;
    const std::size_t most = preciseBnPassMaxBytes(c, 64, 10, 160'000);
    QCOMPARE(most, twenty);
    // One chunk of samples and two activation buffers of the widest layer at least; the row
    // indices of the training set; and far below the gigabytes of holding every batch at once.
    const std::size_t chunkRows = std::size_t(preciseBnBatchesPerChunk(32) * 32);
    QVERIFY(chunkRows <= std::size_t(PreciseBnChunkSamples));
    QVERIFY(most >= chunkRows * (64 + 2 * 64) * sizeof(double) + 160'000 * sizeof(Eigen::Index));
    QVERIFY(most < 8u << 20);
    // Larger data: only the row indices grow.
    QCOMPARE(preciseBnPassMaxBytes(c, 64, 10, 320'000) - most, 160'000 * sizeof(Eigen::Index));
}

// Every row is equally likely in every batch, and no row twice in one batch, whatever the
// arrangement left by the batch before.
void TestPreciseBn::batchesAreUniformChoicesWithoutReplacement() {
    constexpr std::size_t n = 10, m = 3, trials = 60'000;
    Rng rng(7);
    std::vector<int> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    std::vector<int> chosen(n, 0);
    for (std::size_t t = 0; t < trials; ++t) {
        rng.sampleToFront(rows, m);
        std::vector<int> batch(rows.begin(), rows.begin() + m);
        std::sort(batch.begin(), batch.end());
        QVERIFY(std::adjacent_find(batch.begin(), batch.end()) == batch.end());
        for (int r : batch)
            ++chosen[std::size_t(r)];
    }
    // Each row: trials·m/n = 18 000 expected, standard deviation about 112.
    for (std::size_t r = 0; r < n; ++r)
        QVERIFY2(std::abs(chosen[r] - 18'000) < 600, qPrintable(QString::number(chosen[r])));
    std::vector<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t r = 0; r < n; ++r)
        QCOMPARE(sorted[r], int(r)); // still a permutation
}

QTEST_GUILESS_MAIN(TestPreciseBn)
#include "test_precise_bn.moc"
