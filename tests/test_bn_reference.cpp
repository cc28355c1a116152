// BatchNorm forward/backward and the running-statistics estimators against references:
//  * PyTorch (tests/fixtures/bn_reference.json, written by tests/fixtures/make_bn_fixtures.py):
//    train-mode y, batch mean/variance, dx/dγ/dβ, running mean/var after each of 24 steps for
//    momentum=0.1 and momentum=None, and the eval-mode forward with the running statistics;
//  * hand-derived values (Keras convention), closed forms (debiased EMA, cumulative average)
//    and central finite differences (backward), which need no PyTorch at all.
#include "BatchNorm.h"
#include "Rng.h"
#include "RunningStats.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <vector>

using bnlab::BatchNormCache;
using bnlab::Convention;
using bnlab::EstimatorSpec;
using bnlab::Matrix;
using bnlab::RunningEstimate;
using bnlab::Vector;

namespace {

constexpr double kTorchTol = 1e-6; // absolute, for every comparison against PyTorch
constexpr int kMinSteps = 20;

// The fixture can be redirected (e.g. to a missing file, to see the test fail).
QString fixturePath() {
    const QString env = qEnvironmentVariable("BNLAB_BN_REFERENCE");
    return env.isEmpty() ? QStringLiteral(BNLAB_FIXTURES_DIR "/bn_reference.json") : env;
}

// JSON → Eigen. Returns false (and says why) if the shape is not the expected one.
bool toVector(const QJsonValue& v, Eigen::Index n, Vector& out, QString& why) {
    const QJsonArray a = v.toArray();
    if (!v.isArray() || a.size() != n) {
        why = QStringLiteral("expected an array of %1 numbers").arg(n);
        return false;
    }
    out.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (!a[i].isDouble()) {
            why = QStringLiteral("element %1 is not a number").arg(i);
            return false;
        }
        out[i] = a[i].toDouble();
    }
    return true;
}

bool toMatrix(const QJsonValue& v, Eigen::Index rows, Eigen::Index cols, Matrix& out,
              QString& why) {
    const QJsonArray a = v.toArray();
    if (!v.isArray() || a.size() != rows) {
        why = QStringLiteral("expected %1 rows").arg(rows);
        return false;
    }
    out.resize(rows, cols);
    Vector row;
    for (Eigen::Index r = 0; r < rows; ++r) {
        if (!toVector(a[r], cols, row, why)) {
            why = QStringLiteral("row %1: %2").arg(r).arg(why);
            return false;
        }
        out.row(r) = row.transpose();
    }
    return true;
}

struct Step {
    Matrix x, dy, y, dx;
    Vector dgamma, dbeta, batchMean, batchVar, runningMean, runningVar;
};

struct Case {
    std::optional<double> momentum; // nullopt = PyTorch momentum=None (cumulative average)
    std::vector<Step> steps;
    Matrix evalX, evalY;
    Vector evalMean, evalVar;

    EstimatorSpec spec() const {
        return momentum ? EstimatorSpec::pytorch(*momentum) : EstimatorSpec::pytorchCumulative();
    }
    QString name() const {
        return momentum ? QStringLiteral("momentum=%1").arg(*momentum)
                        : QStringLiteral("momentum=None");
    }
};

struct Fixture {
    QString torchVersion;
    double eps = 0.0;
    Eigen::Index m = 0, F = 0;
    Vector gamma, beta;
    std::vector<Case> cases;
};

bool parseFixture(const QJsonObject& root, Fixture& fx, QString& why) {
    fx.torchVersion = root.value("torch_version").toString();
    fx.eps = root.value("eps").toDouble(-1.0);
    fx.m = root.value("m").toInt(0);
    fx.F = root.value("F").toInt(0);
    if (fx.eps <= 0.0 || fx.m < 2 || fx.F < 1) {
        why = QStringLiteral("missing or invalid eps/m/F");
        return false;
    }
    if (root.value("dtype").toString() != QLatin1String("float64")) {
        why = QStringLiteral("the reference must be computed in float64");
        return false;
    }
    if (!toVector(root.value("gamma"), fx.F, fx.gamma, why) ||
        !toVector(root.value("beta"), fx.F, fx.beta, why)) {
        why = QStringLiteral("gamma/beta: ") + why;
        return false;
    }
    const Eigen::Index m = fx.m, F = fx.F;
    for (const QJsonValue& cv : root.value("cases").toArray()) {
        const QJsonObject c = cv.toObject();
        Case kase;
        if (c.value("momentum").isDouble())
            kase.momentum = c.value("momentum").toDouble();
        else if (!c.value("momentum").isNull()) {
            why = QStringLiteral("case momentum must be a number or null");
            return false;
        }
        int index = 0;
        for (const QJsonValue& sv : c.value("steps").toArray()) {
            const QJsonObject s = sv.toObject();
            Step st;
            const bool ok =
                toMatrix(s["x"], m, F, st.x, why) && toMatrix(s["dy"], m, F, st.dy, why) &&
                toMatrix(s["y"], m, F, st.y, why) && toMatrix(s["dx"], m, F, st.dx, why) &&
                toVector(s["dgamma"], F, st.dgamma, why) &&
                toVector(s["dbeta"], F, st.dbeta, why) &&
                toVector(s["batch_mean"], F, st.batchMean, why) &&
                toVector(s["batch_var"], F, st.batchVar, why) &&
                toVector(s["running_mean"], F, st.runningMean, why) &&
                toVector(s["running_var"], F, st.runningVar, why);
            if (!ok) {
                why = QStringLiteral("%1, step %2: %3").arg(kase.name()).arg(index + 1).arg(why);
                return false;
            }
            kase.steps.push_back(std::move(st));
            ++index;
        }
        const QJsonObject e = c.value("eval").toObject();
        if (!toMatrix(e["x"], m, F, kase.evalX, why) || !toMatrix(e["y"], m, F, kase.evalY, why) ||
            !toVector(e["running_mean"], F, kase.evalMean, why) ||
            !toVector(e["running_var"], F, kase.evalVar, why)) {
            why = QStringLiteral("%1, eval: %2").arg(kase.name()).arg(why);
            return false;
        }
        fx.cases.push_back(std::move(kase));
    }
    return true;
}

double maxAbsDiff(const Eigen::Ref<const Matrix>& a, const Eigen::Ref<const Matrix>& b) {
    return (a - b).cwiseAbs().maxCoeff();
}

// Tracks the largest error seen for one quantity and where it happened.
struct MaxError {
    explicit MaxError(const char* quantity) : what(quantity) {}
    const char* what;
    double value = 0.0;
    QString where;
    void add(double err, const QString& at) {
        if (err > value || where.isEmpty()) {
            value = err;
            where = at;
        }
    }
    QByteArray report() const {
        return QStringLiteral("%1: max abs error %2 (at %3), tolerance %4")
            .arg(QLatin1String(what))
            .arg(value, 0, 'g', 3)
            .arg(where)
            .arg(kTorchTol)
            .toUtf8();
    }
};

double sumWeighted(const Matrix& y, const Matrix& w) {
    return (y.array() * w.array()).sum();
}

Matrix randomMatrix(bnlab::Rng& rng, Eigen::Index rows, Eigen::Index cols, double mean,
                    double scale) {
    Matrix a(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c)
            a(r, c) = mean + scale * rng.normal();
    return a;
}

// Normwise relative error ‖a − n‖∞ / ‖n‖∞: elementwise ratios blow up on entries that are
// close to zero by accident, which says nothing about the gradient.
double relativeError(const Matrix& analytic, const Matrix& numeric) {
    return (analytic - numeric).cwiseAbs().maxCoeff() /
           std::max(numeric.cwiseAbs().maxCoeff(), 1e-300);
}

} // namespace

class TestBnReference : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();

    // Against PyTorch.
    void trainingForwardMatchesPyTorch();
    void backwardMatchesPyTorch();
    void runningStatsMatchPyTorch();
    void evalForwardMatchesPyTorch();

    // Without PyTorch.
    void kerasConventionByHand();
    void debiasedEmaMatchesClosedForm();
    void debiasedEmaOfConstantIsConstant();
    void cumulativeIsArithmeticMean();
    void backwardMatchesFiniteDifferences();
    void estimatorSpecConventions();
    void populationVarianceIsEigensSumBitForBit();
    void inferenceWithReluIsBothInTurn();

  private:
    Fixture fx_;
};

void TestBnReference::initTestCase() {
    const QString path = fixturePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        QFAIL(qPrintable(QStringLiteral("cannot open the PyTorch fixture %1 (%2); regenerate it "
                                        "with /usr/bin/python3 tests/fixtures/make_bn_fixtures.py")
                             .arg(path, file.errorString())));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (doc.isNull() || !doc.isObject())
        QFAIL(
            qPrintable(QStringLiteral("%1 is not a JSON object: %2").arg(path, err.errorString())));
    QString why;
    if (!parseFixture(doc.object(), fx_, why))
        QFAIL(qPrintable(QStringLiteral("%1: %2").arg(path, why)));

    QCOMPARE(fx_.eps, 1e-5);
    // Exactly the two conventions, each with enough steps for the running statistics to move.
    QCOMPARE(fx_.cases.size(), std::size_t(2));
    bool sawEma = false, sawCumulative = false;
    for (const Case& c : fx_.cases) {
        QVERIFY2(c.steps.size() >= std::size_t(kMinSteps),
                 qPrintable(QStringLiteral("%1 has only %2 steps, need at least %3")
                                .arg(c.name())
                                .arg(c.steps.size())
                                .arg(kMinSteps)));
        if (c.momentum) {
            QCOMPARE(*c.momentum, 0.1);
            sawEma = true;
        } else {
            sawCumulative = true;
        }
    }
    QVERIFY2(sawEma && sawCumulative, "need one momentum=0.1 and one momentum=None case");
    qInfo("fixture: torch %s, m=%d, F=%d, %d steps per case", qPrintable(fx_.torchVersion),
          int(fx_.m), int(fx_.F), int(fx_.cases.front().steps.size()));
}

void TestBnReference::trainingForwardMatchesPyTorch() {
    MaxError ey{"train y"}, emean{"batch mean"}, evar{"batch var (biased)"};
    for (const Case& c : fx_.cases) {
        for (std::size_t t = 0; t < c.steps.size(); ++t) {
            const Step& s = c.steps[t];
            Matrix y;
            Vector mean, var;
            BatchNormCache cache;
            bnlab::batchNormForwardTrain(s.x, fx_.gamma, fx_.beta, fx_.eps, y, mean, var, cache);
            const QString at = QStringLiteral("%1 step %2").arg(c.name()).arg(t + 1);
            ey.add(maxAbsDiff(y, s.y), at);
            emean.add(maxAbsDiff(mean, s.batchMean), at);
            evar.add(maxAbsDiff(var, s.batchVar), at);
        }
    }
    for (const MaxError* e : {&ey, &emean, &evar}) {
        qInfo("%s", e->report().constData());
        QVERIFY2(e->value <= kTorchTol, e->report().constData());
    }
}

void TestBnReference::backwardMatchesPyTorch() {
    MaxError edx{"dx"}, edg{"dgamma"}, edb{"dbeta"};
    for (const Case& c : fx_.cases) {
        for (std::size_t t = 0; t < c.steps.size(); ++t) {
            const Step& s = c.steps[t];
            Matrix y, dx;
            Vector mean, var, dgamma(fx_.F), dbeta(fx_.F);
            BatchNormCache cache;
            bnlab::batchNormForwardTrain(s.x, fx_.gamma, fx_.beta, fx_.eps, y, mean, var, cache);
            bnlab::batchNormBackward(s.dy, fx_.gamma, cache, dx, dgamma, dbeta);
            const QString at = QStringLiteral("%1 step %2").arg(c.name()).arg(t + 1);
            edx.add(maxAbsDiff(dx, s.dx), at);
            edg.add(maxAbsDiff(dgamma, s.dgamma), at);
            edb.add(maxAbsDiff(dbeta, s.dbeta), at);
        }
    }
    for (const MaxError* e : {&edx, &edg, &edb}) {
        qInfo("%s", e->report().constData());
        QVERIFY2(e->value <= kTorchTol, e->report().constData());
    }
}

void TestBnReference::runningStatsMatchPyTorch() {
    for (const Case& c : fx_.cases) {
        MaxError emean{"running mean"}, evar{"running var"};
        RunningEstimate est(c.spec(), fx_.F);
        for (std::size_t t = 0; t < c.steps.size(); ++t) {
            const Step& s = c.steps[t];
            // Feed our own batch statistics: this checks the pipeline, not just the update.
            Matrix y;
            Vector mean, var;
            BatchNormCache cache;
            bnlab::batchNormForwardTrain(s.x, fx_.gamma, fx_.beta, fx_.eps, y, mean, var, cache);
            est.update(mean, var, int(fx_.m));
            QCOMPARE(est.steps(), long(t + 1));
            const QString at = QStringLiteral("step %1").arg(t + 1);
            emean.add(maxAbsDiff(est.mean(), s.runningMean), at);
            evar.add(maxAbsDiff(est.var(), s.runningVar), at);
        }
        // The drift must make the statistics move, or this comparison would prove little.
        const Step& last = c.steps.back();
        QVERIFY((last.runningMean - c.steps.front().runningMean).cwiseAbs().maxCoeff() > 0.5);
        QVERIFY((last.runningVar - c.steps.front().runningVar).cwiseAbs().maxCoeff() > 0.5);
        for (const MaxError* e : {&emean, &evar}) {
            const QByteArray msg = c.name().toUtf8() + " " + e->report();
            qInfo("%s", msg.constData());
            QVERIFY2(e->value <= kTorchTol, msg.constData());
        }
    }
}

void TestBnReference::evalForwardMatchesPyTorch() {
    for (const Case& c : fx_.cases) {
        RunningEstimate est(c.spec(), fx_.F);
        for (const Step& s : c.steps)
            est.update(s.batchMean, s.batchVar, int(fx_.m));
        // The statistics PyTorch used are the ones after the last step.
        QVERIFY2(maxAbsDiff(est.mean(), c.evalMean) <= kTorchTol, qPrintable(c.name()));
        QVERIFY2(maxAbsDiff(est.var(), c.evalVar) <= kTorchTol, qPrintable(c.name()));
        Matrix y;
        bnlab::batchNormForwardInference(c.evalX, est.mean(), est.var(), fx_.gamma, fx_.beta,
                                         fx_.eps, y);
        const double err = maxAbsDiff(y, c.evalY);
        const QByteArray msg = QStringLiteral("%1 eval y: max abs error %2, tolerance %3")
                                   .arg(c.name())
                                   .arg(err, 0, 'g', 3)
                                   .arg(kTorchTol)
                                   .toUtf8();
        qInfo("%s", msg.constData());
        QVERIFY2(err <= kTorchTol, msg.constData());
    }
}

// Keras: moving = β·moving + (1−β)·batch, from moving_mean 0 and moving_variance 1, with the
// *biased* batch variance. Three batches of m = 4, two features (the second is 10× the first).
void TestBnReference::kerasConventionByHand() {
    Matrix batches[3];
    // Batch 1: {0, 2, 2, 4}   mean 2,  deviations −2,0,0,2  → σ²_B = (4+0+0+4)/4 = 2
    // Batch 2: {−2, −1, −1, 0} mean −1, deviations −1,0,0,1  → σ²_B = (1+0+0+1)/4 = 0.5
    // Batch 3: {1, 4, 4, 7}   mean 4,  deviations −3,0,0,3  → σ²_B = (9+0+0+9)/4 = 4.5
    const double cols[3][4] = {{0, 2, 2, 4}, {-2, -1, -1, 0}, {1, 4, 4, 7}};
    for (int b = 0; b < 3; ++b) {
        batches[b].resize(4, 2);
        for (int i = 0; i < 4; ++i) {
            batches[b](i, 0) = cols[b][i];
            batches[b](i, 1) = 10.0 * cols[b][i]; // mean ×10, variance ×100
        }
    }
    // β = 0.9, feature 0:
    //   mean: 0.9·0     + 0.1·2    = 0.2      var: 0.9·1    + 0.1·2   = 1.1
    //         0.9·0.2   + 0.1·(−1) = 0.08          0.9·1.1  + 0.1·0.5 = 1.04
    //         0.9·0.08  + 0.1·4    = 0.472         0.9·1.04 + 0.1·4.5 = 1.386
    // feature 1 (batch means 20, −10, 40; batch variances 200, 50, 450):
    //   mean: 0.9·0     + 0.1·20    = 2       var: 0.9·1     + 0.1·200 = 20.9
    //         0.9·2     + 0.1·(−10) = 0.8          0.9·20.9  + 0.1·50  = 23.81
    //         0.9·0.8   + 0.1·40    = 4.72         0.9·23.81 + 0.1·450 = 66.429
    const double expectMean[3][2] = {{0.2, 2.0}, {0.08, 0.8}, {0.472, 4.72}};
    const double expectVar[3][2] = {{1.1, 20.9}, {1.04, 23.81}, {1.386, 66.429}};

    const Vector gamma = Vector::Ones(2), beta = Vector::Zero(2);
    RunningEstimate keras(EstimatorSpec::keras(0.9), 2);
    RunningEstimate torch(EstimatorSpec::pytorch(0.1), 2); // same decay, unbiased variance
    QCOMPARE(keras.mean(), Vector(Vector::Zero(2)));
    QCOMPARE(keras.var(), Vector(Vector::Ones(2)));
    for (int b = 0; b < 3; ++b) {
        Matrix y;
        Vector mean, var;
        BatchNormCache cache;
        bnlab::batchNormForwardTrain(batches[b], gamma, beta, 1e-5, y, mean, var, cache);
        keras.update(mean, var, 4);
        torch.update(mean, var, 4);
        for (int f = 0; f < 2; ++f) {
            QVERIFY2(std::abs(keras.mean()[f] - expectMean[b][f]) <= 1e-12,
                     qPrintable(QStringLiteral("step %1 feature %2 mean %3")
                                    .arg(b + 1)
                                    .arg(f)
                                    .arg(keras.mean()[f], 0, 'g', 17)));
            QVERIFY2(std::abs(keras.var()[f] - expectVar[b][f]) <= 1e-12,
                     qPrintable(QStringLiteral("step %1 feature %2 var %3")
                                    .arg(b + 1)
                                    .arg(f)
                                    .arg(keras.var()[f], 0, 'g', 17)));
        }
        // Same decay, so the means agree; PyTorch's variance differs by Bessel's correction.
        QVERIFY(maxAbsDiff(torch.mean(), keras.mean()) <= 1e-12);
        if (b == 0) // 0.9·1 + 0.1·(4/3)·2 = 0.9 + 0.8/3
            QVERIFY(std::abs(torch.var()[0] - (0.9 + 0.8 / 3.0)) <= 1e-12);
    }
}

// Debiased EMA after t steps: Σ_{i=1..t} (1−β)·β^(t−i)·x_i / (1 − β^t).
void TestBnReference::debiasedEmaMatchesClosedForm() {
    const int m = 8, T = 60;
    for (const double beta : {0.9, 0.99}) {
        for (const bool unbiased : {false, true}) {
            bnlab::Rng rng(1234);
            std::vector<double> means, vars;
            RunningEstimate est(EstimatorSpec::debiased(beta, unbiased), 1);
            QCOMPARE(est.mean()[0], 0.0); // nothing seen yet: the conventional start
            QCOMPARE(est.var()[0], 1.0);
            for (int t = 1; t <= T; ++t) {
                means.push_back(3.0 + 0.1 * t + rng.normal());
                vars.push_back(2.0 + std::abs(rng.normal()));
                est.update(Vector::Constant(1, means.back()), Vector::Constant(1, vars.back()), m);
                const double bessel = unbiased ? double(m) / double(m - 1) : 1.0;
                double sm = 0.0, sv = 0.0;
                for (int i = 1; i <= t; ++i) {
                    const double w = (1.0 - beta) * std::pow(beta, t - i);
                    sm += w * means[std::size_t(i - 1)];
                    sv += w * bessel * vars[std::size_t(i - 1)];
                }
                const double norm = 1.0 - std::pow(beta, t);
                QVERIFY2(std::abs(est.mean()[0] - sm / norm) <= 1e-12 * std::abs(sm / norm),
                         qPrintable(QStringLiteral("β=%1 t=%2 mean").arg(beta).arg(t)));
                QVERIFY2(std::abs(est.var()[0] - sv / norm) <= 1e-12 * std::abs(sv / norm),
                         qPrintable(QStringLiteral("β=%1 t=%2 var").arg(beta).arg(t)));
            }
        }
    }
}

// For a constant input c the closed form is c·(1−β)Σβ^(t−i)/(1−β^t) = c from step 1 on (up to
// rounding), while the plain EMA from zero is still at (1−β^t)·c — the bias being removed.
void TestBnReference::debiasedEmaOfConstantIsConstant() {
    const double c = 5.3, v = 0.7;
    RunningEstimate debiased(EstimatorSpec::debiased(0.99, false), 1);
    RunningEstimate keras(EstimatorSpec::keras(0.99), 1);
    for (int t = 1; t <= 200; ++t) {
        debiased.update(Vector::Constant(1, c), Vector::Constant(1, v), 16);
        keras.update(Vector::Constant(1, c), Vector::Constant(1, v), 16);
        QVERIFY2(std::abs(debiased.mean()[0] - c) <= 1e-13 * c, qPrintable(QString::number(t)));
        QVERIFY2(std::abs(debiased.var()[0] - v) <= 1e-13 * v, qPrintable(QString::number(t)));
    }
    // After 200 steps at β = 0.99 the plain EMA has only reached (1 − 0.99^200) ≈ 86.6 % of c.
    QVERIFY(std::abs(keras.mean()[0] - (1.0 - std::pow(0.99, 200)) * c) <= 1e-12);
}

// momentum=None and friends: after t steps, the arithmetic mean of the t batch statistics.
void TestBnReference::cumulativeIsArithmeticMean() {
    const int m = 8;
    struct Variant {
        EstimatorSpec spec;
        double bessel;
    };
    const Variant variants[] = {{EstimatorSpec::pytorchCumulative(), 8.0 / 7.0},
                                {EstimatorSpec::cumulative(true), 8.0 / 7.0},
                                {EstimatorSpec::cumulative(false), 1.0}};
    for (const Variant& v : variants) {
        bnlab::Rng rng(99);
        RunningEstimate est(v.spec, 3);
        QCOMPARE(est.mean(), Vector(Vector::Zero(3))); // before any batch: 0 / 1
        QCOMPARE(est.var(), Vector(Vector::Ones(3)));
        Vector sumMean = Vector::Zero(3), sumVar = Vector::Zero(3);
        for (int t = 1; t <= 50; ++t) {
            Vector mean(3), var(3);
            for (int f = 0; f < 3; ++f) {
                mean[f] = 10.0 * f + 0.2 * t + rng.normal(); // drifting, like a real layer
                var[f] = 1.0 + f + 0.05 * t + std::abs(rng.normal());
            }
            est.update(mean, var, m);
            sumMean += mean;
            sumVar += v.bessel * var;
            const Vector expectMean = sumMean / double(t), expectVar = sumVar / double(t);
            QVERIFY2(maxAbsDiff(est.mean(), expectMean) <= 1e-12 * expectMean.cwiseAbs().maxCoeff(),
                     qPrintable(QString::fromStdString(v.spec.label()) +
                                " mean, t=" + QString::number(t)));
            QVERIFY2(maxAbsDiff(est.var(), expectVar) <= 1e-12 * expectVar.cwiseAbs().maxCoeff(),
                     qPrintable(QString::fromStdString(v.spec.label()) +
                                " var, t=" + QString::number(t)));
        }
    }
}

// Central differences of loss = Σ y ⊙ w (so dL/dy = w) on a random 6×4 batch.
void TestBnReference::backwardMatchesFiniteDifferences() {
    bnlab::Rng rng(2024);
    const Eigen::Index m = 6, F = 4;
    const double eps = 1e-5, h = 1e-5;
    const Matrix x = randomMatrix(rng, m, F, 0.5, 2.0);
    const Matrix w = randomMatrix(rng, m, F, 0.0, 1.0);
    const Vector gamma = randomMatrix(rng, F, 1, 1.0, 0.5);
    const Vector beta = randomMatrix(rng, F, 1, 0.0, 0.5);

    auto loss = [&](const Matrix& xx, const Vector& g, const Vector& b) {
        Matrix y;
        Vector mean, var;
        BatchNormCache cache;
        bnlab::batchNormForwardTrain(xx, g, b, eps, y, mean, var, cache);
        return sumWeighted(y, w);
    };

    Matrix y, dx;
    Vector mean, var, dgamma(F), dbeta(F);
    BatchNormCache cache;
    bnlab::batchNormForwardTrain(x, gamma, beta, eps, y, mean, var, cache);
    bnlab::batchNormBackward(w, gamma, cache, dx, dgamma, dbeta);

    Matrix ndx(m, F);
    for (Eigen::Index r = 0; r < m; ++r)
        for (Eigen::Index c = 0; c < F; ++c) {
            Matrix xp = x, xm = x;
            xp(r, c) += h;
            xm(r, c) -= h;
            ndx(r, c) = (loss(xp, gamma, beta) - loss(xm, gamma, beta)) / (2.0 * h);
        }
    Vector ndgamma(F), ndbeta(F);
    for (Eigen::Index f = 0; f < F; ++f) {
        Vector gp = gamma, gm = gamma, bp = beta, bm = beta;
        gp[f] += h;
        gm[f] -= h;
        bp[f] += h;
        bm[f] -= h;
        ndgamma[f] = (loss(x, gp, beta) - loss(x, gm, beta)) / (2.0 * h);
        ndbeta[f] = (loss(x, gamma, bp) - loss(x, gamma, bm)) / (2.0 * h);
    }
    // Σ_rows dx = 0 for every feature: the batch mean absorbs any common shift.
    QVERIFY(dx.colwise().sum().cwiseAbs().maxCoeff() <= 1e-12);

    const double rx = relativeError(dx, ndx), rg = relativeError(dgamma, ndgamma),
                 rb = relativeError(dbeta, ndbeta);
    qInfo("finite differences (h=%g): relative error dx %.3g, dgamma %.3g, dbeta %.3g", h, rx, rg,
          rb);
    QVERIFY2(rx <= 1e-6, qPrintable(QStringLiteral("dx relative error %1").arg(rx)));
    QVERIFY2(rg <= 1e-6, qPrintable(QStringLiteral("dgamma relative error %1").arg(rg)));
    QVERIFY2(rb <= 1e-6, qPrintable(QStringLiteral("dbeta relative error %1").arg(rb)));
}

// The population pass's variances, summed eight columns at a time, are the bits of the Eigen
// expression they replace (a sum in any other order differs in the last digits), for column
// counts around the eight-column blocks, one row, and values far apart in size.
void TestBnReference::populationVarianceIsEigensSumBitForBit() {
    bnlab::Rng rng(77);
    long columnsCompared = 0;
    for (const Eigen::Index rows : {1, 2, 3, 31, 200, 1001})
        for (const Eigen::Index cols : {1, 2, 7, 8, 9, 16, 17, 64}) {
            Matrix x = randomMatrix(rng, rows, cols, 0.3, 1.7);
            for (Eigen::Index i = 0; i < x.size(); i += 5)
                x.data()[i] *= 1e6; // large terms first or late: the order shows in the bits
            const Vector mean = x.colwise().sum().transpose() / double(rows);
            const Vector expected =
                (x.rowwise() - mean.transpose()).colwise().squaredNorm().transpose() / double(rows);
            Vector var;
            bnlab::populationVariance(x, mean, var);
            QCOMPARE(var.size(), cols);
            for (Eigen::Index c = 0; c < cols; ++c) {
                QVERIFY2(std::memcmp(&var[c], &expected[c], sizeof(double)) == 0,
                         qPrintable(QStringLiteral("%1×%2, column %3: %4 vs %5")
                                        .arg(rows)
                                        .arg(cols)
                                        .arg(c)
                                        .arg(var[c], 0, 'g', 17)
                                        .arg(expected[c], 0, 'g', 17)));
                ++columnsCompared;
            }
        }
    QCOMPARE(columnsCompared, 6L * (1 + 2 + 7 + 8 + 9 + 16 + 17 + 64));
}

// BN inference and ReLU fused into one pass give the bits of the two in turn, for odd and even
// shapes (packets and their scalar tails), with values at exactly zero after the shift.
void TestBnReference::inferenceWithReluIsBothInTurn() {
    bnlab::Rng rng(31);
    for (const Eigen::Index rows : {1, 7, 200})
        for (const Eigen::Index cols : {1, 3, 16}) {
            Matrix x = randomMatrix(rng, rows, cols, 0.0, 1.0);
            const Vector mean = randomMatrix(rng, cols, 1, 0.0, 0.5);
            const Vector var = randomMatrix(rng, cols, 1, 2.0, 0.5).cwiseAbs();
            const Vector gamma = randomMatrix(rng, cols, 1, 1.0, 0.5);
            Vector beta = randomMatrix(rng, cols, 1, 0.0, 0.5);
            beta[0] = 0.0;
            x.col(0).head(std::min<Eigen::Index>(rows, 3)).setConstant(mean[0]); // BN gives 0
            Matrix bn, expected, fused;
            bnlab::batchNormForwardInference(x, mean, var, gamma, beta, 1e-5, bn);
            expected = bn.cwiseMax(0.0);
            bnlab::batchNormForwardInferenceRelu(x, mean, var, gamma, beta, 1e-5, fused);
            QCOMPARE(fused.rows(), rows);
            QCOMPARE(fused.cols(), cols);
            QVERIFY2(std::memcmp(fused.data(), expected.data(),
                                 sizeof(double) * std::size_t(expected.size())) == 0,
                     qPrintable(QStringLiteral("%1×%2").arg(rows).arg(cols)));
            QVERIFY((fused.array() == 0.0).any()); // the ReLU cut something
        }
}

// PyTorch momentum α = 0.1 ⇔ decay 0.9 ⇔ Keras momentum β = 0.9.
void TestBnReference::estimatorSpecConventions() {
    const EstimatorSpec torch = EstimatorSpec::pytorch(0.1);
    const EstimatorSpec keras = EstimatorSpec::keras(0.9);
    QCOMPARE(torch.decay, 0.9);
    QCOMPARE(torch.decay, keras.decay);
    QVERIFY(torch.unbiasedVariance);
    QVERIFY(!keras.unbiasedVariance);
    QVERIFY(!(torch == keras)); // same decay, different variance convention
    QCOMPARE(torch.initMean, 0.0);
    QCOMPARE(torch.initVar, 1.0);
    QCOMPARE(keras.initMean, 0.0);
    QCOMPARE(keras.initVar, 1.0);

    QVERIFY(std::abs(torch.momentumIn(Convention::PyTorch) - 0.1) <= 1e-15);
    QCOMPARE(torch.momentumIn(Convention::Keras), 0.9);
    QVERIFY(std::abs(keras.momentumIn(Convention::PyTorch) - 0.1) <= 1e-15);
    QCOMPARE(keras.momentumIn(Convention::Keras), 0.9);
    QVERIFY(EstimatorSpec::inConvention(Convention::PyTorch, 0.1) == torch);
    QVERIFY(EstimatorSpec::inConvention(Convention::Keras, 0.9) == keras);
    QVERIFY(std::abs(EstimatorSpec::keras(0.99).momentumIn(Convention::PyTorch) - 0.01) <= 1e-15);

    QCOMPARE(QString::fromStdString(torch.label()), QStringLiteral("PyTorch α=0.1"));
    QCOMPARE(QString::fromStdString(keras.label()), QStringLiteral("Keras β=0.9"));
    QCOMPARE(QString::fromStdString(EstimatorSpec::keras(0.99).label()),
             QStringLiteral("Keras β=0.99"));
    QCOMPARE(QString::fromStdString(EstimatorSpec::debiased(0.99, false).label()),
             QStringLiteral("debiased EMA β=0.99"));
    QCOMPARE(QString::fromStdString(EstimatorSpec::pytorchCumulative().label()),
             QStringLiteral("cumulative average (unbiased var)"));
    QCOMPARE(QString::fromStdString(EstimatorSpec::cumulative(false).label()),
             QStringLiteral("cumulative average"));
}

QTEST_APPLESS_MAIN(TestBnReference)
#include "test_bn_reference.moc"
