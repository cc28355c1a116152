// Finite-difference check of the whole network's gradient, BatchNorm layers included.
#include "Mlp.h"

#include <QtTest>

using namespace bnlab;

class TestGradients : public QObject {
    Q_OBJECT
  private slots:
    void wholeNetwork_data();
    void wholeNetwork();
    void biasBeforeBatchNormHasNoGradient();
};

void TestGradients::wholeNetwork_data() {
    QTest::addColumn<bool>("relu");
    QTest::addColumn<bool>("bnBefore");
    QTest::addColumn<bool>("inputBn");
    QTest::addColumn<bool>("hiddenBn");
    QTest::newRow("relu, BN before activation") << true << true << false << true;
    QTest::newRow("relu, BN after activation") << true << false << false << true;
    QTest::newRow("tanh, BN before, input BN") << false << true << true << true;
    QTest::newRow("tanh, BN after, input BN") << false << false << true << true;
    QTest::newRow("relu, input BN only") << true << true << true << false;
}

void TestGradients::wholeNetwork() {
    QFETCH(bool, relu);
    QFETCH(bool, bnBefore);
    QFETCH(bool, inputBn);
    QFETCH(bool, hiddenBn);
    ModelConfig config;
    config.hidden = {7, 5};
    config.activation = relu ? Activation::Relu : Activation::Tanh;
    config.placement = bnBefore ? BnPlacement::BeforeActivation : BnPlacement::AfterActivation;
    config.inputBn = inputBn;
    config.hiddenBn = hiddenBn;
    Rng rng(42);
    Mlp model(config, 3, 4, rng);
    // Non-trivial γ and β so their gradients are exercised away from the identity.
    for (const auto& g : model.parameterGroups())
        if (g.name.find("bn") == 0)
            for (Eigen::Index i = 0; i < g.size; ++i)
                model.parameters()[g.offset + i] += 0.3 * rng.normal();

    const int m = 9;
    Matrix x(m, 3);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        x.data()[i] = 1.5 * rng.normal() + 0.5;
    std::vector<int> y(m);
    for (int i = 0; i < m; ++i)
        y[std::size_t(i)] = i % 4;

    LayerStats stats;
    model.trainStep(x, y, stats);
    const Vector analytic = model.gradient();

    const double h = 1e-5;
    Vector numeric(analytic.size());
    for (Eigen::Index i = 0; i < analytic.size(); ++i) {
        const double saved = model.parameters()[i];
        model.parameters()[i] = saved + h;
        const double up = model.trainLoss(x, y);
        model.parameters()[i] = saved - h;
        const double down = model.trainLoss(x, y);
        model.parameters()[i] = saved;
        numeric[i] = (up - down) / (2 * h);
    }

    for (const auto& g : model.parameterGroups()) {
        const Vector a = analytic.segment(g.offset, g.size);
        const Vector n = numeric.segment(g.offset, g.size);
        const double scale = a.norm() + n.norm();
        const double diff = (a - n).norm();
        if (scale < 1e-8) {
            // A linear bias followed by BN: its gradient is exactly zero (see the test below).
            QVERIFY2(diff < 1e-9, qPrintable(QString::fromStdString(g.name)));
            continue;
        }
        const double rel = diff / scale;
        QVERIFY2(rel <= 1e-6, qPrintable(QStringLiteral("%1: relative error %2")
                                             .arg(QString::fromStdString(g.name))
                                             .arg(rel)));
    }
}

// BN subtracts the batch mean, so a bias added just before it cancels: its gradient is 0.
void TestGradients::biasBeforeBatchNormHasNoGradient() {
    ModelConfig config;
    config.hidden = {6};
    Rng rng(7);
    Mlp model(config, 2, 3, rng);
    Matrix x = Matrix::Random(8, 2);
    std::vector<int> y{0, 1, 2, 0, 1, 2, 0, 1};
    LayerStats stats;
    model.trainStep(x, y, stats);
    bool found = false;
    for (const auto& g : model.parameterGroups())
        if (g.name == "linear0.bias") {
            found = true;
            QVERIFY(model.gradient().segment(g.offset, g.size).norm() < 1e-12);
        }
    QVERIFY(found);
}

QTEST_APPLESS_MAIN(TestGradients)
#include "test_gradients.moc"
