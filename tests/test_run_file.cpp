// The .bnlab run file: a BN Lab run saved and reopened gives identical series (batch columns,
// counts, curves, population records, evaluations, and so every replay); per-step
// normalization counts reach the replay; bad files fail with the file, field and value named.
#include "Errors.h"
#include "Replay.h"
#include "RunFile.h"
#include "Trainer.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>

using namespace bnlab;

namespace {

bool same(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
} // NaN == NaN too

struct LiveRun {
    TrainingConfig config;
    RunInfo info;
    History history;
};

LiveRun trainSmallRun() {
    LiveRun r;
    r.config.data.samples = 240;
    r.config.model.hidden = {5, 3};
    r.config.model.inputBn = true;
    r.config.batchSize = 12;
    r.config.populationEvery = 9;
    r.config.preciseBnBatches = 2;
    r.config.evaluateEvery = 25;
    r.config.estimators = {EstimatorSpec::keras(0.9), EstimatorSpec::pytorch(0.1),
                           EstimatorSpec::debiased(0.99, false)};
    Trainer trainer(r.config, makeDatasets(r.config.data, r.config.seed));
    r.info = trainer.info();
    r.history = trainer.emptyHistory();
    for (int i = 0; i < 120; ++i)
        appendTo(r.history, trainer.step());
    return r;
}

void compareStats(const LayerStats& a, const LayerStats& b) {
    QCOMPARE(a.mean.size(), b.mean.size());
    for (std::size_t l = 0; l < a.mean.size(); ++l)
        for (Eigen::Index f = 0; f < a.mean[l].size(); ++f) {
            QVERIFY(same(a.mean[l][f], b.mean[l][f]));
            QVERIFY(same(a.var[l][f], b.var[l][f]));
        }
}

// A file with the given manifest and `dataBytes` zero bytes of data.
// A run file laid out by hand (docs/run-format.md): magic, version, 0, the manifest's length,
// the manifest (any bytes), zero padding to 8 bytes, then `dataBytes` zero bytes of columns.
void writeRawBytes(const QString& path, const QByteArray& magic, std::uint32_t version,
                   const QByteArray& manifestJson, qsizetype dataBytes) {
    QByteArray bytes = magic;
    const std::uint32_t zero = 0;
    const std::uint64_t length = std::uint64_t(manifestJson.size());
    bytes.append(reinterpret_cast<const char*>(&version), 4);
    bytes.append(reinterpret_cast<const char*>(&zero), 4);
    bytes.append(reinterpret_cast<const char*>(&length), 8);
    bytes.append(manifestJson);
    while (bytes.size() % 8)
        bytes.append('\0');
    bytes.append(QByteArray(dataBytes, '\0'));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

void writeRawRun(const QString& path, const QJsonObject& manifest, qsizetype dataBytes) {
    writeRawBytes(path, "BNLABRUN", 1, QJsonDocument(manifest).toJson(QJsonDocument::Compact),
                  dataBytes);
}

QJsonObject array(const char* dtype, QJsonArray shape, double offset) {
    return {{"dtype", dtype}, {"shape", shape}, {"offset", offset}};
}

// One layer of 2 channels over 3 steps: mean at 0, var at 48, count at 96 (data: 120 bytes).
QJsonObject tinyManifest() {
    QJsonObject layer{{"name", "bn"},
                      {"channels", 2},
                      {"batch_mean", array("<f8", {2, 3}, 0)},
                      {"batch_var", array("<f8", {2, 3}, 48)},
                      {"count", array("<i8", {3}, 96)}};
    return {{"format", "bnlab-run"}, {"version", 1}, {"steps", 3}, {"layers", QJsonArray{layer}}};
}

} // namespace

class TestRunFile : public QObject {
    Q_OBJECT
  private slots:
    void savedAndReopenedRunIsIdentical();
    void perStepCountsReachTheReplay();
    void notRecordedStaysNotRecorded();
    void badFilesNameFileFieldAndValue_data();
    void badFilesNameFileFieldAndValue();
    void oversizedRunIsRefusedBeforeReading();
};

void TestRunFile::savedAndReopenedRunIsIdentical() {
    const LiveRun live = trainSmallRun();
    const History& h = live.history;
    QTemporaryDir dir;
    const QString path = dir.filePath("run.bnlab");
    QCOMPARE(saveRun(describeRun(live.config, live.info), h, path), QString());
    const RecordedRun opened = openRun(path);
    const History& o = opened.history;

    QCOMPARE(o.steps(), h.steps());
    QCOMPARE(o.layers(), h.layers());
    QCOMPARE(opened.description.info.bnFeatures, live.info.bnFeatures);
    QCOMPARE(opened.description.info.bnLayerNames, live.info.bnLayerNames);
    QCOMPARE(opened.description.info.dataset, live.info.dataset);
    for (int l = 0; l < h.layers(); ++l)
        for (Eigen::Index f = 0; f < h.features(l); ++f)
            for (long t = 1; t <= h.steps(); ++t) {
                QVERIFY(same(o.batchMean(t, l, f), h.batchMean(t, l, f)));
                QVERIFY(same(o.batchVar(t, l, f), h.batchVar(t, l, f)));
                QCOMPARE(o.count(l, t), h.count(l, t));
            }
    for (long i = 0; i < h.steps(); ++i) {
        QVERIFY(same(o.loss()[std::size_t(i)], h.loss()[std::size_t(i)]));
        QVERIFY(same(o.accuracy()[std::size_t(i)], h.accuracy()[std::size_t(i)]));
        QVERIFY(same(o.learningRate()[std::size_t(i)], h.learningRate()[std::size_t(i)]));
        QCOMPARE(o.epoch()[std::size_t(i)], h.epoch()[std::size_t(i)]);
    }
    QCOMPARE(o.population().size(), h.population().size());
    for (std::size_t p = 0; p < h.population().size(); ++p) {
        QCOMPARE(o.population()[p].step, h.population()[p].step);
        compareStats(o.population()[p].exact, h.population()[p].exact);
        QVERIFY(o.population()[p].precise.has_value());
        compareStats(o.population()[p].precise->paper, h.population()[p].precise->paper);
        compareStats(o.population()[p].precise->pooled, h.population()[p].precise->pooled);
    }
    QCOMPARE(opened.description.estimators, live.config.estimators);
    QCOMPARE(o.evaluations().size(), h.evaluations().size());
    for (std::size_t e = 0; e < h.evaluations().size(); ++e) {
        const EvalRecord &a = o.evaluations()[e], &b = h.evaluations()[e];
        QCOMPARE(a.step, b.step);
        QVERIFY(same(a.batchStatistics.accuracy, b.batchStatistics.accuracy));
        QVERIFY(same(a.population.loss, b.population.loss));
        QCOMPARE(a.estimators.size(), b.estimators.size());
        for (std::size_t k = 0; k < b.estimators.size(); ++k) {
            QVERIFY(same(a.estimators[k].accuracy, b.estimators[k].accuracy));
            QVERIFY(same(a.estimators[k].loss, b.estimators[k].loss));
        }
    }
    // And so every replay is identical, in every convention.
    for (const EstimatorSpec& spec : {EstimatorSpec::pytorch(0.1), EstimatorSpec::keras(0.999),
                                      EstimatorSpec::pytorchCumulative()})
        for (int l = 0; l < h.layers(); ++l) {
            const ReplayCurve a = replayFeature(o, l, 0, spec), b = replayFeature(h, l, 0, spec);
            QVERIFY(a.mean == b.mean);
            QVERIFY(a.var == b.var);
        }
}

void TestRunFile::perStepCountsReachTheReplay() {
    // One channel, three steps with different counts: PyTorch's unbiased running variance.
    History h({1}, 2);
    h.appendTrainingCurves({1, 1, 1}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0});
    const double mean[] = {1.0, 2.0, 3.0}, var[] = {4.0, 5.0, 6.0};
    h.appendBatchColumns(0, 0, mean, var, 3);
    h.setCounts(0, {10, 20, 4});
    QTemporaryDir dir;
    const QString path = dir.filePath("counts.bnlab");
    RunDescription d;
    d.info.bnFeatures = {1};
    d.info.bnLayerNames = {"bn"};
    QCOMPARE(saveRun(d, h, path), QString());
    const History o = openRun(path).history;
    QCOMPARE(o.count(0, 1), 10);
    QCOMPARE(o.count(0, 3), 4);
    const ReplayCurve c = replayFeature(o, 0, 0, EstimatorSpec::pytorch(0.1));
    double v = 1.0;
    const int m[] = {10, 20, 4};
    for (int t = 0; t < 3; ++t)
        v = 0.9 * v + 0.1 * var[t] * m[t] / (m[t] - 1);
    QCOMPARE(c.var[2], v);
    const std::vector<LayerStats> at = replayAt(o, EstimatorSpec::pytorch(0.1), {3});
    QCOMPARE(at[0].var[0][0], v);
}

void TestRunFile::notRecordedStaysNotRecorded() {
    QTemporaryDir dir;
    const QString path = dir.filePath("tiny.bnlab");
    writeRawRun(path, tinyManifest(), 120);
    // Zero bytes are not valid counts; patch in 5s.
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray bytes = f.readAll();
    const qsizetype data = bytes.size() - 120;
    for (int t = 0; t < 3; ++t) {
        const std::int64_t five = 5;
        std::memcpy(bytes.data() + data + 96 + 8 * t, &five, 8);
    }
    f.seek(0);
    f.write(bytes);
    f.close();
    const RecordedRun run = openRun(path);
    QCOMPARE(run.history.steps(), 3L);
    QVERIFY(std::isnan(run.history.loss()[0]));     // no training curves in the file
    QVERIFY(std::isnan(run.history.accuracy()[2])); // …so not recorded, not zero
    QVERIFY(run.history.population().empty());
    QVERIFY(run.history.evaluations().empty());
    QCOMPARE(run.history.count(0, 2), 5);
}

void TestRunFile::badFilesNameFileFieldAndValue_data() {
    QTest::addColumn<QByteArray>("manifestJson");
    QTest::addColumn<int>("dataBytes");
    QTest::addColumn<QString>("magic");
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("expected");

    const auto json = [](const QJsonObject& o) {
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    QJsonObject m = tinyManifest();
    QTest::newRow("magic") << json(m) << 120 << "NOTARUN!" << 1 << "not a BN Lab run";
    QTest::newRow("version") << json(m) << 120 << "BNLABRUN" << 7 << "format version 7";
    QTest::newRow("truncated") << json(m) << 100 << "BNLABRUN" << 1
                               << "field layers[0].count: its 24 bytes at offset 96 run past";
    m = tinyManifest();
    m["steps"] = -4;
    QTest::newRow("steps") << json(m) << 120 << "BNLABRUN" << 1
                           << "field steps: expected an integer from 1 to 2147483647, got -4";
    m = tinyManifest();
    {
        QJsonArray layers = m["layers"].toArray();
        QJsonObject layer = layers[0].toObject();
        layer["channels"] = "two";
        layers[0] = layer;
        m["layers"] = layers;
    }
    QTest::newRow("channels") << json(m) << 120 << "BNLABRUN" << 1
                              << "field layers[0].channels: expected an integer from 1 to "
                                 "1000000, got \"two\"";
    m = tinyManifest();
    {
        QJsonArray layers = m["layers"].toArray();
        QJsonObject layer = layers[0].toObject();
        layer["batch_var"] = array("<f8", {3, 2}, 48);
        layers[0] = layer;
        m["layers"] = layers;
    }
    QTest::newRow("shape") << json(m) << 120 << "BNLABRUN" << 1
                           << "field layers[0].batch_var.shape: expected [2, 3], got [3, 2]";
    m = tinyManifest();
    {
        QJsonArray layers = m["layers"].toArray();
        QJsonObject layer = layers[0].toObject();
        layer["batch_mean"] = array(">f8", {2, 3}, 0);
        layers[0] = layer;
        m["layers"] = layers;
    }
    QTest::newRow("dtype") << json(m) << 120 << "BNLABRUN" << 1
                           << "field layers[0].batch_mean.dtype: expected \"<f8\", \"<f4\", "
                              "\"<i8\" or \"<i4\", got \">f8\"";
    QTest::newRow("count") << json(tinyManifest()) << 120 << "BNLABRUN" << 1
                           << "field layers[0].count: step 1 has 0";
    QTest::newRow("json") << QByteArray("{\"format\": ") << 0 << "BNLABRUN" << 1
                          << "the manifest is not a JSON object";
}

void TestRunFile::badFilesNameFileFieldAndValue() {
    QFETCH(QByteArray, manifestJson);
    QFETCH(int, dataBytes);
    QFETCH(QString, magic);
    QFETCH(int, version);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.bnlab");
    writeRawBytes(path, magic.toLatin1(), std::uint32_t(version), manifestJson, dataBytes);
    try {
        openRun(path);
        QFAIL("the bad file was accepted");
    } catch (const InputError& e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.startsWith(path + ": "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
}

void TestRunFile::oversizedRunIsRefusedBeforeReading() {
    QJsonObject m = tinyManifest();
    m["steps"] = 2'000'000'000;
    QJsonArray layers = m["layers"].toArray();
    QJsonObject layer = layers[0].toObject();
    layer["channels"] = 1000;
    layers[0] = layer;
    m["layers"] = layers;
    QTemporaryDir dir;
    const QString path = dir.filePath("huge.bnlab");
    writeRawRun(path, m, 120);
    try {
        openRun(path);
        QFAIL("the oversized run was accepted");
    } catch (const InputError& e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.contains("opening this run would take about") &&
                     message.contains("more than the limit"),
                 qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestRunFile)
#include "test_run_file.moc"
