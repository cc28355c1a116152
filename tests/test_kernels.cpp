// The fma kernel path (core/Kernels.h, core/kernels/FmaGemm.h): every product element is the
// documented chain of fused multiply-adds, bit for bit, for the AVX2 and the AVX-512 kernel
// alike, with any shape and any strides of B; a row's result does not depend on the rows around
// it; the portable path is Eigen's product unchanged; and both paths train the same network to
// the same numbers up to rounding.
#include "Errors.h"
#include "Kernels.h"
#include "Trainer.h"
#include "kernels/FmaGemm.h"

#include <QtTest>
#include <cmath>
#include <cstring>

using namespace bnlab;

namespace {
bool sameBits(const Matrix& a, const Matrix& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, Rng& rng) {
    Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal();
    return m;
}

// The chain FmaGemm.h promises, written out with the correctly rounded std::fma.
Matrix fmaChain(const kernels::GemmArgs& g) {
    Matrix c(g.m, g.n);
    for (std::ptrdiff_t j = 0; j < g.n; ++j)
        for (std::ptrdiff_t i = 0; i < g.m; ++i) {
            double s = 0.0;
            for (std::ptrdiff_t p = 0; p < g.k; ++p)
                s = std::fma(g.a[i + p * g.lda], g.b[p * g.bRow + j * g.bCol], s);
            c(i, j) = g.bias ? s + g.bias[j] : s;
        }
    return c;
}

using Kernel = void (*)(const kernels::GemmArgs&);
struct Named {
    const char* name;
    Kernel kernel;
    bool available;
};
std::vector<Named> fmaKernels() {
    return {{"avx2", &kernels::gemmFmaAvx2, cpuHasFmaKernels()},
            {"avx512", &kernels::gemmFmaAvx512, bool(__builtin_cpu_supports("avx512f"))}};
}
} // namespace

class KernelsTest : public QObject {
    Q_OBJECT
  private slots:
    void everyElementIsTheDocumentedChain();
    void rowsDoNotDependOnTheirNeighbours();
    void portablePathIsEigensProduct();
    void bothPathsTrainTheSameNetwork();
    void serialAndParallelObservationAgreeOnTheFmaPath();
    void badChoicesAreRefusedWithTheirSource();
};

void KernelsTest::everyElementIsTheDocumentedChain() {
    if (!cpuHasFmaKernels())
        QSKIP("this CPU has no AVX2 and FMA");
    Rng rng(7);
    // Every row remainder of both widths (1…3 vectors and a partial one), every column remainder
    // of both register blocks, k from 1, B plain and transposed, with and without a bias.
    for (Named k : fmaKernels()) {
        if (!k.available)
            continue;
        for (Eigen::Index m : {1, 3, 4, 5, 8, 12, 13, 23, 24, 25, 31, 32, 33, 47, 100})
            for (Eigen::Index n : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17})
                for (Eigen::Index depth : {1, 2, 5, 16, 33}) {
                    const Matrix a = randomMatrix(m + 3, depth, rng); // lda > m
                    const Matrix b = randomMatrix(depth, n, rng);
                    const Matrix bt = b.transpose();
                    const Vector bias = randomMatrix(n, 1, rng);
                    for (int variant = 0; variant < 4; ++variant) {
                        kernels::GemmArgs g;
                        g.m = m;
                        g.n = n;
                        g.k = depth;
                        g.a = a.data();
                        g.lda = a.rows();
                        const bool transposed = variant & 1;
                        g.b = transposed ? bt.data() : b.data();
                        g.bRow = transposed ? bt.rows() : 1;
                        g.bCol = transposed ? 1 : b.rows();
                        g.bias = (variant & 2) ? bias.data() : nullptr;
                        Matrix c = Matrix::Constant(m + 2, n, 42.0); // ldc > m
                        g.c = c.data();
                        g.ldc = c.rows();
                        k.kernel(g);
                        const QByteArray where = QStringLiteral("%1: %2×%3·%4×%5, variant %6")
                                                     .arg(k.name)
                                                     .arg(m)
                                                     .arg(depth)
                                                     .arg(depth)
                                                     .arg(n)
                                                     .arg(variant)
                                                     .toUtf8();
                        QVERIFY2(sameBits(c.topRows(m), fmaChain(g)), where.constData());
                        // Rows past m (between m and ldc) are left alone.
                        QVERIFY2((c.bottomRows(2).array() == 42.0).all(), where.constData());
                    }
                }
    }
}

void KernelsTest::rowsDoNotDependOnTheirNeighbours() {
    if (!cpuHasFmaKernels())
        QSKIP("this CPU has no AVX2 and FMA");
    // What lets PreciseBN send its batches through together, whatever the batch size: a row of
    // a product is the same in a batch of its own and inside a larger matrix.
    Rng rng(11);
    const Matrix x = randomMatrix(97, 13, rng);
    const Matrix w = randomMatrix(13, 9, rng);
    const Vector bias = randomMatrix(9, 1, rng);
    Matrix all, part;
    kernels::linear(KernelPath::Fma, x, w.data(), 13, 9, bias.data(), all);
    for (Eigen::Index start : {0, 1, 5, 31, 90})
        for (Eigen::Index rows : {1, 3, 7}) {
            const Matrix slice = x.middleRows(start, rows);
            kernels::linear(KernelPath::Fma, slice, w.data(), 13, 9, bias.data(), part);
            QVERIFY(sameBits(part, all.middleRows(start, rows)));
        }
}

void KernelsTest::portablePathIsEigensProduct() {
    Rng rng(3);
    const Matrix x = randomMatrix(32, 16, rng), w = randomMatrix(16, 8, rng);
    const Matrix delta = randomMatrix(32, 8, rng);
    const Vector bias = randomMatrix(8, 1, rng);
    Matrix out, expect;
    kernels::linear(KernelPath::Portable, x, w.data(), 16, 8, bias.data(), out);
    expect.noalias() = x * w;
    expect.rowwise() += bias.transpose();
    QVERIFY(sameBits(out, expect));
    Matrix dw(16, 8);
    kernels::weightGradient(KernelPath::Portable, x, delta, dw.data());
    expect.noalias() = x.transpose() * delta;
    QVERIFY(sameBits(dw, expect));
    kernels::inputGradient(KernelPath::Portable, delta, w.data(), 16, 8, out);
    expect.noalias() = delta * w.transpose();
    QVERIFY(sameBits(out, expect));

    if (!cpuHasFmaKernels())
        return;
    // The fma path computes the same products, rounded differently.
    Matrix fma;
    kernels::linear(KernelPath::Fma, x, w.data(), 16, 8, bias.data(), fma);
    kernels::linear(KernelPath::Portable, x, w.data(), 16, 8, bias.data(), out);
    QVERIFY((fma - out).cwiseAbs().maxCoeff() <= 1e-13);
    kernels::weightGradient(KernelPath::Fma, x, delta, dw.data());
    QVERIFY((dw - x.transpose() * delta).cwiseAbs().maxCoeff() <= 1e-13);
    kernels::inputGradient(KernelPath::Fma, delta, w.data(), 16, 8, fma);
    QVERIFY((fma - delta * w.transpose()).cwiseAbs().maxCoeff() <= 1e-13);
}

void KernelsTest::bothPathsTrainTheSameNetwork() {
    if (!cpuHasFmaKernels())
        QSKIP("this CPU has no AVX2 and FMA");
    // The default lesson setup on digits, 300 steps: the two paths round differently, so the
    // runs drift apart, but only in the last digits.
    TrainingConfig c;
    c.data.kind = DatasetKind::Digits;
    c.data.path = QStringLiteral(BNLAB_RESOURCES_DIR "/data/digits.csv").toStdString();
    c.model.hidden = {32, 32};
    c.evaluateEvery = 100;
    const Split data = makeDatasets(c.data, c.seed);
    std::vector<History> runs;
    for (KernelPath path : {KernelPath::Portable, KernelPath::Fma}) {
        setDefaultKernelPath(path);
        Trainer trainer(c, data);
        QCOMPARE(trainer.model().kernelPath(), path);
        History h = trainer.emptyHistory();
        for (int s = 0; s < 300; ++s)
            appendTo(h, trainer.step());
        runs.push_back(std::move(h));
    }
    const History &p = runs[0], &f = runs[1];
    QCOMPARE(p.steps(), f.steps());
    double worst = 0.0;
    bool anyDifferent = false;
    for (std::size_t t = 0; t < p.loss().size(); ++t) {
        worst = std::max(worst, std::abs(p.loss()[t] - f.loss()[t]));
        anyDifferent = anyDifferent || p.loss()[t] != f.loss()[t];
    }
    QVERIFY2(worst <= 1e-9, qPrintable(QString::number(worst)));
    QVERIFY(anyDifferent); // two paths indeed: the fma kernels ran
    setDefaultKernelPath(*parseKernelPath("auto"));
}

void KernelsTest::serialAndParallelObservationAgreeOnTheFmaPath() {
    if (!cpuHasFmaKernels())
        QSKIP("this CPU has no AVX2 and FMA");
    setDefaultKernelPath(KernelPath::Fma);
    TrainingConfig c;
    c.preciseBnBatches = 7;
    c.batchSize = 31; // odd: PreciseBN's chunks hold batches that split the kernel's vectors
    const Split data = makeDatasets(c.data, c.seed);
    Trainer serial(c, data, ObservationMode::Serial), parallel(c, data, ObservationMode::Parallel);
    History a = serial.emptyHistory(), b = parallel.emptyHistory();
    for (int s = 0; s < 120; ++s) {
        appendTo(a, serial.step());
        appendTo(b, parallel.step());
    }
    appendTo(b, parallel.finishObservations());
    QCOMPARE(a.population().size(), b.population().size());
    QVERIFY(!a.population().empty());
    for (std::size_t i = 0; i < a.population().size(); ++i)
        for (std::size_t l = 0; l < std::size_t(parallel.model().bnLayerCount()); ++l) {
            QVERIFY(a.population()[i].precise->paper.var[l] ==
                    b.population()[i].precise->paper.var[l]);
            QVERIFY(a.population()[i].exact.mean[l] == b.population()[i].exact.mean[l]);
        }
    setDefaultKernelPath(*parseKernelPath("auto"));
}

void KernelsTest::badChoicesAreRefusedWithTheirSource() {
    try {
        chooseKernelPath("avx9", "--kernels");
        QFAIL("an unknown path was accepted");
    } catch (const ConfigError& e) {
        QCOMPARE(
            QString::fromStdString(e.what()),
            QStringLiteral("--kernels 'avx9' is not a kernel path: use portable, fma or auto"));
    }
    chooseKernelPath("portable", "--kernels");
    QCOMPARE(defaultKernelPath(), KernelPath::Portable);
    chooseKernelPath("auto", "BNLAB_KERNELS");
    QCOMPARE(defaultKernelPath(), cpuHasFmaKernels() ? KernelPath::Fma : KernelPath::Portable);
    QCOMPARE(kernelPathName(KernelPath::Portable), std::string("portable"));
}

QTEST_GUILESS_MAIN(KernelsTest)
#include "test_kernels.moc"
