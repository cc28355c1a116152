// The committed PyTorch run (resources/runs/momentum-port.bnlab, made by
// tests/pytorch/make_momentum_port_run.py) checked without Python: BN Lab's replay in PyTorch
// convention equals the model's own running buffers (α = 0.1, n = N·H·W) and the recorder's
// shadow statistics (α = 0.9) to 1e-5 relative; and lesson 9's claims hold on the run.
#include "Lesson.h"
#include "Replay.h"
#include "RunFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <cmath>

using namespace bnlab;

namespace {

// Accuracy of one evaluation mode over the second half of the run: mean and minimum.
struct Accuracy {
    double mean = 0, min = 1;
};
Accuracy secondHalf(const History& h, int estimator /* −1: population */) {
    Accuracy a;
    int n = 0;
    for (const EvalRecord& r : h.evaluations()) {
        if (r.step <= h.steps() / 2)
            continue;
        const double v =
            estimator < 0 ? r.population.accuracy : r.estimators[std::size_t(estimator)].accuracy;
        if (std::isnan(v))
            continue; // not evaluated at this step
        a.mean += v;
        a.min = std::min(a.min, v);
        ++n;
    }
    a.mean /= n;
    return a;
}

} // namespace

class TestRecordedRun : public QObject {
    Q_OBJECT
  private slots:
    void replayEqualsPyTorchBuffers();
    void lessonClaimsHold();
};

void TestRecordedRun::replayEqualsPyTorchBuffers() {
    const Lesson lesson = findLesson("09-momentum-port");
    QVERIFY(!lesson.run.isEmpty());
    const RecordedRun run = openRun(lesson.run);
    QFile f(BNLAB_FIXTURES_DIR "/momentum-port-buffers.json");
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(run.history.steps(), long(expected["steps"].toInt()));
    QCOMPARE(run.history.count(0, 1), 8 * 8 * 8); // BatchNorm2d: N·H·W
    QCOMPARE(run.history.count(2, 1), 8);         // BatchNorm1d: N
    for (const auto& [key, alpha] : {std::pair{"alpha_0.1", 0.1}, std::pair{"alpha_0.9", 0.9}}) {
        const LayerStats s =
            replayAt(run.history, EstimatorSpec::pytorch(alpha), {run.history.steps()})[0];
        const QJsonArray layers = expected[key].toArray();
        double worst = 0;
        for (int l = 0; l < run.history.layers(); ++l) {
            const QJsonArray mean = layers[l].toObject()["mean"].toArray();
            const QJsonArray var = layers[l].toObject()["var"].toArray();
            for (Eigen::Index c = 0; c < run.history.features(l); ++c) {
                const double m = mean[c].toDouble(), v = var[c].toDouble();
                worst = std::max(
                    {worst,
                     std::abs(s.mean[std::size_t(l)][c] - m) / std::max(std::abs(m), std::sqrt(v)),
                     std::abs(s.var[std::size_t(l)][c] - v) / v});
            }
        }
        QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("%1: %2").arg(key).arg(worst)));
    }
}

void TestRecordedRun::lessonClaimsHold() {
    const Lesson lesson = findLesson("09-momentum-port");
    const RecordedRun run = openRun(lesson.run);
    const auto& est = run.description.estimators;
    QCOMPARE(est.size(), std::size_t(2));
    QCOMPARE(est[0], EstimatorSpec::pytorch(0.1));
    QCOMPARE(est[1], EstimatorSpec::pytorch(0.9));
    const Accuracy a01 = secondHalf(run.history, 0), a09 = secondHalf(run.history, 1),
                   pop = secondHalf(run.history, -1);
    // "α = 0.9 averages 94.0 % and drops to 88.1 %; α = 0.1 averages 96.4 %, close to the
    // 96.9 % with population statistics."
    QCOMPARE(std::round(1000 * a09.mean) / 10, 94.0);
    QCOMPARE(std::round(1000 * a09.min) / 10, 88.1);
    QCOMPARE(std::round(1000 * a01.mean) / 10, 96.4);
    QCOMPARE(std::round(1000 * pop.mean) / 10, 96.9);
    // "The running mean for α = 0.9 jumps with every batch, while α = 0.1 is smooth": the
    // step-to-step change of the head's running mean, replayed, over the second half.
    const auto roughness = [&](double alpha) {
        const ReplayCurve c = replayFeature(run.history, 2, 0, EstimatorSpec::pytorch(alpha));
        double sum = 0;
        for (std::size_t t = c.mean.size() / 2; t < c.mean.size(); ++t)
            sum += std::abs(c.mean[t] - c.mean[t - 1]);
        return sum;
    };
    QVERIFY(roughness(0.9) > 5 * roughness(0.1));
}

QTEST_GUILESS_MAIN(TestRecordedRun)
#include "test_recorded_run.moc"
