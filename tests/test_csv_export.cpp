// The CSV files: exact headers, one row per step × BN feature, population cells exactly at the
// population steps, and EMA columns that replay from the file's own batch columns — the file is
// self-consistent, in both conventions. Unwritable paths fail with the path named and leave
// nothing behind.
#include "CsvExport.h"
#include "Trainer.h"

#include <QFile>
#include <QLocale>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace bnlab;

namespace {

constexpr int PopulationEvery = 7;
constexpr int EvaluateEvery = 500;
constexpr int BatchSize = 16;

// Long enough to cross the writer's replay blocks (2048 steps).
constexpr long Steps = 2500;

History makeHistory(const std::vector<EstimatorSpec>& bank) {
    TrainingConfig c;
    c.data.samples = 300;
    c.model.hidden = {4, 3};
    c.model.inputBn = true; // three BN layers: 2 + 4 + 3 features
    c.batchSize = BatchSize;
    c.populationEvery = PopulationEvery;
    c.preciseBnBatches = 2;
    c.evaluateEvery = EvaluateEvery;
    c.estimators = bank;
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    for (long i = 0; i < Steps; ++i)
        appendTo(h, trainer.step());
    return h;
}

struct Csv {
    QList<QByteArray> header;
    QList<QList<QByteArray>> rows;
};

Csv readCsv(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    Csv csv;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        if (i == 0)
            csv.header = lines[i].split(',');
        else
            csv.rows.push_back(lines[i].split(','));
    }
    return csv;
}

double number(const QByteArray& cell) {
    bool ok = false;
    const double v = cell.toDouble(&ok);
    if (!ok)
        qWarning() << "not a number:" << cell;
    return ok ? v : std::nan("");
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(1.0, std::max(std::abs(a), std::abs(b)));
}

} // namespace

class TestCsvExport : public QObject {
    Q_OBJECT
  private slots:
    void trace_data();
    void trace();
    void evaluations();
    void training();
    void unwritablePath_data();
    void unwritablePath();
};

void TestCsvExport::trace_data() {
    QTest::addColumn<int>("convention");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("Keras β") << int(Convention::Keras) << QStringList{"0.9", "0.99"};
    QTest::newRow("PyTorch α") << int(Convention::PyTorch) << QStringList{"0.1", "0.01", "0.5"};
}

void TestCsvExport::trace() {
    QFETCH(int, convention);
    QFETCH(QStringList, labels);
    std::vector<EstimatorSpec> specs;
    for (const QString& l : labels)
        specs.push_back(EstimatorSpec::inConvention(Convention(convention), l.toDouble()));
    const History h = makeHistory(specs);

    // The decimal separator must not follow the locale.
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QTemporaryDir dir;
    const QString path = dir.filePath("trace.csv");
    QCOMPARE(writeTraceCsv(h, specs, labels, path), QString());
    QLocale::setDefault(QLocale::c());

    const Csv csv = readCsv(path);
    QList<QByteArray> expectedHeader{"step",      "layer",    "feature", "batch_mean",
                                     "batch_var", "pop_mean", "pop_var"};
    for (const QString& l : labels)
        expectedHeader << ("ema_mean@" + l).toUtf8() << ("ema_var@" + l).toUtf8();
    QCOMPARE(csv.header, expectedHeader);

    QCOMPARE(h.layers(), 3);
    const long features = 2 + 4 + 3;
    QCOMPARE(csv.rows.size(), qsizetype(Steps * features));

    // The estimator states, recomputed from the file alone: [layer][feature][spec].
    std::vector<std::vector<std::vector<ScalarEstimate>>> replay;
    for (int l = 0; l < h.layers(); ++l)
        replay.emplace_back(std::size_t(h.features(l)),
                            std::vector<ScalarEstimate>(specs.begin(), specs.end()));

    qsizetype r = 0;
    long populationRows = 0;
    for (long step = 1; step <= Steps; ++step) {
        for (int l = 0; l < h.layers(); ++l) {
            for (Eigen::Index f = 0; f < h.features(l); ++f, ++r) {
                const auto& row = csv.rows[r];
                QCOMPARE(row.size(), expectedHeader.size());
                QCOMPARE(row[0].toLong(), step);
                QCOMPARE(row[1].toInt(), l);
                QCOMPARE(row[2].toLong(), long(f));
                const double batchMean = number(row[3]), batchVar = number(row[4]);
                // Shortest round-trip text: the recorded doubles come back exactly.
                QCOMPARE(batchMean, h.batchMean(step, l, f));
                QCOMPARE(batchVar, h.batchVar(step, l, f));

                const bool populationStep = step % PopulationEvery == 0;
                QCOMPARE(!row[5].isEmpty(), populationStep);
                QCOMPARE(!row[6].isEmpty(), populationStep);
                if (populationStep) {
                    ++populationRows;
                    const auto& pop = h.population()[std::size_t(step / PopulationEvery)];
                    QCOMPARE(pop.step, step);
                    QCOMPARE(number(row[5]), pop.exact.mean[std::size_t(l)][f]);
                    QCOMPARE(number(row[6]), pop.exact.var[std::size_t(l)][f]);
                }

                for (std::size_t s = 0; s < specs.size(); ++s) {
                    ScalarEstimate& e = replay[std::size_t(l)][std::size_t(f)][s];
                    e.update(specs[s], batchMean, batchVar, BatchSize);
                    const double emaMean = number(row[7 + 2 * qsizetype(s)]);
                    const double emaVar = number(row[8 + 2 * qsizetype(s)]);
                    if (!close(emaMean, e.mean(specs[s])) || !close(emaVar, e.var(specs[s])))
                        QFAIL(qPrintable(QStringLiteral("step %1 layer %2 feature %3 %4: file "
                                                        "has %5/%6, replay gives %7/%8")
                                             .arg(step)
                                             .arg(l)
                                             .arg(f)
                                             .arg(labels[qsizetype(s)])
                                             .arg(emaMean, 0, 'g', 17)
                                             .arg(emaVar, 0, 'g', 17)
                                             .arg(e.mean(specs[s]), 0, 'g', 17)
                                             .arg(e.var(specs[s]), 0, 'g', 17)));
                }
            }
        }
    }
    QCOMPARE(populationRows, (Steps / PopulationEvery) * features);

    // PyTorch averages the unbiased variance: its EMA variance must differ from the biased one.
    if (Convention(convention) == Convention::PyTorch) {
        ScalarEstimate biased(EstimatorSpec::keras(specs[0].decay));
        biased.update(EstimatorSpec::keras(specs[0].decay), h.batchMean(1, 1, 0),
                      h.batchVar(1, 1, 0), BatchSize);
        const double fileVar = number(csv.rows[2][8]); // step 1, layer 1, feature 0
        QVERIFY(!close(fileVar, biased.var(EstimatorSpec::keras(specs[0].decay))));
    }
}

void TestCsvExport::evaluations() {
    const std::vector<EstimatorSpec> specs{EstimatorSpec::keras(0.9), EstimatorSpec::keras(0.99)};
    const QStringList labels{"0.9", "0.99"};
    const History h = makeHistory(specs);
    QTemporaryDir dir;
    const QString path = dir.filePath("eval.csv");
    QCOMPARE(writeEvalCsv(h, labels, path), QString());

    const Csv csv = readCsv(path);
    QCOMPARE(csv.header,
             (QList<QByteArray>{"step", "mode", "momentum", "val_accuracy", "val_loss"}));
    const qsizetype evaluations = qsizetype(h.evaluations().size());
    QCOMPARE(evaluations, qsizetype(Steps / EvaluateEvery + 1)); // step 0 too
    QCOMPARE(csv.rows.size(), evaluations * (2 + qsizetype(specs.size())));

    qsizetype r = 0;
    for (const EvalRecord& e : h.evaluations()) {
        const auto check = [&](const char* mode, const QByteArray& momentum,
                               const Evaluation& expected) {
            const auto& row = csv.rows[r++];
            QCOMPARE(row.size(), 5);
            QCOMPARE(row[0].toLong(), e.step);
            QCOMPARE(row[1], QByteArray(mode));
            QCOMPARE(row[2], momentum);
            QCOMPARE(number(row[3]), expected.accuracy);
            QCOMPARE(number(row[4]), expected.loss);
        };
        check("batch", {}, e.batchStatistics);
        for (std::size_t s = 0; s < specs.size(); ++s)
            check("ema", labels[qsizetype(s)].toUtf8(), e.estimators[s]);
        check("population", {}, e.population);
    }
}

void TestCsvExport::training() {
    const History h = makeHistory({EstimatorSpec::keras(0.9)});
    QTemporaryDir dir;
    const QString path = dir.filePath("train.csv");
    QCOMPARE(writeTrainCsv(h, path), QString());

    const Csv csv = readCsv(path);
    QCOMPARE(csv.header, (QList<QByteArray>{"step", "loss", "accuracy", "lr"}));
    QCOMPARE(csv.rows.size(), qsizetype(Steps));
    for (long step = 1; step <= Steps; ++step) {
        const auto& row = csv.rows[qsizetype(step - 1)];
        QCOMPARE(row.size(), 4);
        QCOMPARE(row[0].toLong(), step);
        QCOMPARE(number(row[1]), h.loss()[std::size_t(step - 1)]);
        QCOMPARE(number(row[2]), h.accuracy()[std::size_t(step - 1)]);
        QCOMPARE(number(row[3]), h.learningRate()[std::size_t(step - 1)]);
    }
}

void TestCsvExport::unwritablePath_data() {
    QTest::addColumn<QString>("where"); // relative to a temporary directory holding "file"
    QTest::newRow("parent is a regular file") << "file/x.csv";
    QTest::newRow("under a regular file") << "file/sub/x.csv";
    QTest::newRow("missing directory") << "missing/x.csv";
    QTest::newRow("target is a directory") << "dir";
    QTest::newRow("/proc") << "/proc/bnlab-test.csv";
}

void TestCsvExport::unwritablePath() {
    QFETCH(QString, where);
    QTemporaryDir dir;
    {
        QFile file(dir.filePath("file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a directory");
    }
    QVERIFY(QDir(dir.path()).mkdir("dir"));
    const QString path = where.startsWith('/') ? where : dir.filePath(where);

    // Tiny history: the error must come before any work matters.
    TrainingConfig c;
    c.data.samples = 100;
    c.estimators = {EstimatorSpec::keras(0.9)};
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    for (int i = 0; i < 20; ++i)
        appendTo(h, trainer.step());

    const QString native = QDir::toNativeSeparators(path);
    for (const QString& message : {writeTraceCsv(h, c.estimators, {"0.9"}, path),
                                   writeEvalCsv(h, {"0.9"}, path), writeTrainCsv(h, path)}) {
        QVERIFY2(message.startsWith("cannot write " + native + ": "), qPrintable(message));
        QVERIFY2(message.size() > ("cannot write " + native + ": ").size(), qPrintable(message));
    }
    if (where != "dir")
        QVERIFY(!QFileInfo::exists(path));
    // Nothing else left behind either (no temporary files from QSaveFile).
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             (QStringList{"dir", "file"}));
    QCOMPARE(QDir(dir.filePath("dir")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList());
}

QTEST_GUILESS_MAIN(TestCsvExport)
#include "test_csv_export.moc"
