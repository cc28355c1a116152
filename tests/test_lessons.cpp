// Lesson files: every bundled lesson loads and runs, the format round-trips, every malformed
// file gives an InputError naming the file and the problem, lessons are found by id, number,
// prefix and path, saving is atomic, and relative data paths follow the lesson file.
#include "ControlPanel.h"
#include "Errors.h"
#include "Lesson.h"
#include "TrainingSession.h"

#include <QtTest>
#include <functional>

using namespace bnlab;

namespace {

QString inputErrorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void writeFile(const QString& path, const QByteArray& content) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

// A lesson that differs from the defaults in every field.
Lesson unusualLesson() {
    Lesson l;
    l.title = QStringLiteral("Unusual — “quotes” & <tags>");
    l.explanation = QStringLiteral("<p>One <b>bold</b> paragraph.</p>\n<p>Two.</p>");
    l.suggestedSteps = 1234;
    l.suggestedSpeed = 75.5;
    l.hiddenControls = {QStringLiteral("batchSize"), QStringLiteral("seed")};
    TrainingConfig& c = l.config;
    c.data.kind = DatasetKind::Spirals;
    c.data.samples = 321;
    c.data.noise = 0.07;
    c.data.classes = 4;
    c.data.validationFraction = 0.3;
    c.model.hidden = {8, 4, 2};
    c.model.hiddenBn = false;
    c.model.inputBn = true;
    c.model.placement = BnPlacement::AfterActivation;
    c.model.activation = Activation::Tanh;
    c.model.init = WeightInit::Xavier;
    c.model.bnEpsilon = 1e-3;
    c.optimizer.learningRate = 0.0125;
    c.optimizer.sgdMomentum = 0.5;
    c.optimizer.weightDecay = 1e-4;
    c.optimizer.schedule = LrSchedule::Cosine;
    c.optimizer.stepDecayEvery = 77;
    c.optimizer.stepDecayFactor = 0.25;
    c.optimizer.cosineSteps = 999;
    c.optimizer.cosineFloor = 0.1;
    c.batchSize = 12;
    c.batchOrder = BatchOrder::SortedByClass;
    c.shift = {true, 42, -0.5, 2.5};
    c.seed = 987654321;
    c.populationEvery = 7;
    c.preciseBnBatches = 3;
    c.evaluateEvery = 11;
    c.keepWeightSnapshots = false;
    c.estimators = {EstimatorSpec::pytorch(0.2), EstimatorSpec::debiased(0.95, true),
                    EstimatorSpec::cumulative(false)};
    l.view.convention = Convention::PyTorch;
    l.view.sliderMomentum = 0.05;
    l.view.comparedMomenta = {0.2, 0.01};
    l.view.showEma = false;
    l.view.showDebiasedEma = true;
    l.view.showCumulative = true;
    l.view.showPreciseBn = false;
    l.view.unbiasedVariance = true;
    l.view.layer = 2;
    l.view.feature = 3;
    return l;
}

void compareLessons(const Lesson& a, const Lesson& b) {
    QCOMPARE(a.title, b.title);
    QCOMPARE(a.explanation, b.explanation);
    QCOMPARE(a.suggestedSteps, b.suggestedSteps);
    QCOMPARE(a.suggestedSpeed, b.suggestedSpeed);
    QCOMPARE(a.hiddenControls, b.hiddenControls);
    QVERIFY(a.view == b.view);
    QVERIFY(sameConfiguration(a.config, b.config));
    QVERIFY(a.config.estimators == b.config.estimators);
    QCOMPARE(a.config.data.path, b.config.data.path);
}

const QByteArray minimal = R"({"format": "bnlab-lesson", "version": 1, "title": "T"})";

} // namespace

class TestLessons : public QObject {
    Q_OBJECT
  private slots:
    void bundledLessonsLoadAndRun();
    void missingFieldsTakeDefaults();
    void estimatorsDefaultToTheComparedMomenta();
    void roundTrip();
    void bundledLessonsRoundTrip();
    void explanationParagraphs_data();
    void explanationParagraphs();
    void malformed_data();
    void malformed();
    void findByIdNumberPrefixAndPath();
    void unknownLessonListsTheAvailableOnes();
    void saveIsAtomic();
    void relativeDataPathsFollowTheLessonFile();
};

void TestLessons::bundledLessonsLoadAndRun() {
    const QStringList paths = bundledLessonPaths();
    QVERIFY2(paths.size() >= 8, qPrintable(paths.join(", ")));
    QStringList sorted = paths;
    sorted.sort();
    QCOMPARE(paths, sorted);
    const std::string digits = TrainingSession::digitsCsv();
    QVERIFY(!digits.empty());
    for (const QString& path : paths) {
        const Lesson lesson = loadLesson(path);
        QCOMPARE(lesson.id, QFileInfo(path).completeBaseName());
        QVERIFY2(!lesson.title.isEmpty() && !lesson.explanation.isEmpty(), qPrintable(path));
        for (const QString& name : lesson.hiddenControls)
            QVERIFY2(hideableControlNames().contains(name), qPrintable(path + ": " + name));

        const TrainingConfig& c = lesson.config;
        Trainer trainer(c, makeDatasets(c.data, c.seed, digits));
        for (int i = 0; i < 5; ++i)
            QVERIFY2(!trainer.step().diverged, qPrintable(path));
        // The view must point at a layer and feature the model has.
        const RunInfo info = trainer.info();
        QVERIFY2(lesson.view.layer < int(info.bnLayerNames.size()), qPrintable(path));
        QVERIFY2(lesson.view.feature < info.bnFeatures[std::size_t(lesson.view.layer)],
                 qPrintable(path));
        QVERIFY2(!c.estimators.empty(), qPrintable(path));
    }
}

void TestLessons::missingFieldsTakeDefaults() {
    const Lesson l = lessonFromJson(minimal, QStringLiteral("min.json"));
    QCOMPARE(l.id, QStringLiteral("min"));
    QCOMPARE(l.title, QStringLiteral("T"));
    QVERIFY(sameConfiguration(l.config, TrainingConfig{}));
    QVERIFY(l.view == ViewSettings{});
    QCOMPARE(l.suggestedSteps, Lesson{}.suggestedSteps);
    QVERIFY(l.hiddenControls.isEmpty());
}

void TestLessons::estimatorsDefaultToTheComparedMomenta() {
    const Lesson l = lessonFromJson(R"({"format": "bnlab-lesson", "version": 1, "title": "T",
        "view": {"convention": "pytorch", "comparedMomenta": [0.1, 0.01]}})",
                                    QStringLiteral("e.json"));
    const std::vector<EstimatorSpec> expected{EstimatorSpec::pytorch(0.1),
                                              EstimatorSpec::pytorch(0.01)};
    QVERIFY(l.config.estimators == expected);
    // Written back without an "estimators" key: the bank keeps following the view.
    QVERIFY(!lessonToJson(l).contains("\"estimators\""));
}

void TestLessons::roundTrip() {
    const Lesson original = unusualLesson();
    const QByteArray json = lessonToJson(original);
    const Lesson back = lessonFromJson(json, QStringLiteral("unusual.json"));
    compareLessons(back, original);
    QVERIFY(json.contains("\"estimators\"")); // a custom bank is written out
    QVERIFY(json.contains("\"sorted-by-class\""));
    QVERIFY(json.contains("\"after-activation\""));
    QVERIFY(json.contains("\"pytorch\""));
    // Paragraph explanations are written as a list, one entry per paragraph.
    QVERIFY(json.contains("\"One <b>bold</b> paragraph.\""));
}

void TestLessons::bundledLessonsRoundTrip() {
    for (const QString& path : bundledLessonPaths()) {
        const Lesson original = loadLesson(path);
        const Lesson back = lessonFromJson(lessonToJson(original), path);
        compareLessons(back, original);
    }
}

void TestLessons::explanationParagraphs_data() {
    QTest::addColumn<QString>("html");
    QTest::addColumn<QStringList>("paragraphs");
    QTest::newRow("two") << "<p>a</p>\n<p>b <b>c</b></p>" << QStringList{"a", "b <b>c</b>"};
    QTest::newRow("empty") << "" << QStringList{};
    QTest::newRow("not paragraphs") << "plain <b>text</b>" << QStringList{};
    QTest::newRow("other spacing") << "<p>a</p><p>b</p>" << QStringList{};
}

void TestLessons::explanationParagraphs() {
    QFETCH(QString, html);
    QFETCH(QStringList, paragraphs);
    QCOMPARE(bnlab::explanationParagraphs(html), paragraphs);
    if (!paragraphs.isEmpty())
        QCOMPARE(explanationFromParagraphs(paragraphs), html);
}

void TestLessons::malformed_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = R"({"format": "bnlab-lesson", "version": 1, "title": "T", )";
    QTest::newRow("syntax, with line") << QByteArray("{\n  \"format\": \"bnlab-lesson\",\n"
                                                     "  \"version\": 1\n  \"title\": \"T\"\n}")
                                       << "line 4";
    QTest::newRow("not an object") << QByteArray("[1, 2]") << "one JSON object";
    QTest::newRow("wrong format") << QByteArray(R"({"format": "x", "version": 1, "title": "T"})")
                                  << "format";
    QTest::newRow("missing format")
        << QByteArray(R"({"version": 1, "title": "T"})") << "format: missing";
    QTest::newRow("future version")
        << QByteArray(R"({"format": "bnlab-lesson", "version": 2, "title": "T"})")
        << "version: 2 is not supported";
    QTest::newRow("missing title")
        << QByteArray(R"({"format": "bnlab-lesson", "version": 1})") << "title: missing";
    QTest::newRow("empty title")
        << QByteArray(R"({"format": "bnlab-lesson", "version": 1, "title": "  "})") << "title";
    QTest::newRow("unknown top-level key") << head + R"("titel": "x"})"
                                           << "titel: unknown key";
    QTest::newRow("unknown nested key")
        << head + R"("config": {"optimizer": {"learningrate": 0.1}}})"
        << "config.optimizer.learningrate: unknown key";
    QTest::newRow("wrong type") << head + R"("config": {"batchSize": "32"}})"
                                << "config.batchSize: expected a whole number";
    QTest::newRow("fraction for a count") << head + R"("config": {"batchSize": 3.5}})"
                                          << "config.batchSize: expected a whole number";
    QTest::newRow("out of range") << head + R"("config": {"optimizer": {"sgdMomentum": 1.5}}})"
                                  << "config.optimizer.sgdMomentum: 1.5 is outside [0, 1]";
    QTest::newRow("batch of one") << head + R"("config": {"batchSize": 1}})"
                                  << "config.batchSize: 1 is outside";
    QTest::newRow("bad enum") << head + R"("config": {"dataset": {"kind": "moon"}}})"
                              << "config.dataset.kind: the text \"moon\" is not one of";
    QTest::newRow("bad width") << head + R"("config": {"model": {"hidden": [16, 0]}}})"
                               << "config.model.hidden";
    QTest::newRow("bad compared momentum") << head + R"("view": {"comparedMomenta": [0.9, 2]}})"
                                           << "view.comparedMomenta";
    QTest::newRow("no compared momentum") << head + R"("view": {"comparedMomenta": []}})"
                                          << "view.comparedMomenta: give at least";
    QTest::newRow("bad estimator")
        << head + R"("config": {"estimators": [{"kind": "ema", "decay": -1}]}})"
        << "config.estimators[0].decay";
    QTest::newRow("bad explanation") << head + R"("explanation": 5})"
                                     << "explanation";
    QTest::newRow("bad hidden control") << head + R"("hiddenControls": ["batch size"]})"
                                        << "hiddenControls";
    QTest::newRow("object expected") << head + R"("view": [1]})"
                                     << "view: expected an object";
}

void TestLessons::malformed() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString message =
        inputErrorOf([&] { lessonFromJson(json, QStringLiteral("teacher.json")); });
    QVERIFY2(message.startsWith(QStringLiteral("teacher.json: ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestLessons::findByIdNumberPrefixAndPath() {
    QCOMPARE(findLesson(QStringLiteral("03-momentum-tradeoff")).id,
             QStringLiteral("03-momentum-tradeoff"));
    QCOMPARE(findLesson(QStringLiteral("3")).id, QStringLiteral("03-momentum-tradeoff"));
    QCOMPARE(findLesson(QStringLiteral("03")).id, QStringLiteral("03-momentum-tradeoff"));
    QCOMPARE(findLesson(QStringLiteral("06-DIST")).id, QStringLiteral("06-distribution-shift"));
    QCOMPARE(findLesson(QStringLiteral("why track")).id, QStringLiteral("08-why-moving-averages"));
    QCOMPARE(findLesson(QStringLiteral("4. Small")).id, QStringLiteral("04-small-batches"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mine.json"));
    writeFile(path, minimal);
    const Lesson mine = findLesson(path);
    QCOMPARE(mine.id, QStringLiteral("mine"));
    QCOMPARE(mine.title, QStringLiteral("T"));
}

void TestLessons::unknownLessonListsTheAvailableOnes() {
    const QString message = inputErrorOf([] { findLesson(QStringLiteral("no-such-lesson")); });
    QVERIFY2(message.contains(QStringLiteral("no-such-lesson")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("01-stationary")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("08-why-moving-averages")), qPrintable(message));
    const QString ambiguous = inputErrorOf([] { findLesson(QStringLiteral("0")); });
    QVERIFY2(ambiguous.contains(QStringLiteral("ambiguous")), qPrintable(ambiguous));
    const QString unreadable =
        inputErrorOf([] { loadLesson(QStringLiteral("/nonexistent/x.json")); });
    QVERIFY2(unreadable.startsWith(QStringLiteral("/nonexistent/x.json: ")),
             qPrintable(unreadable));
}

void TestLessons::saveIsAtomic() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    const Lesson original = unusualLesson();
    QCOMPARE(saveLesson(original, path), QString());
    compareLessons(loadLesson(path), original);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("saved.json")});

    // Overwriting keeps a complete file.
    Lesson changed = original;
    changed.title = QStringLiteral("Changed");
    QCOMPARE(saveLesson(changed, path), QString());
    QCOMPARE(loadLesson(path).title, QStringLiteral("Changed"));

    const QString unwritable = dir.filePath(QStringLiteral("no-such-folder/lesson.json"));
    const QString message = saveLesson(original, unwritable);
    QVERIFY2(message.contains(unwritable), qPrintable(message));
    QVERIFY(!QFileInfo::exists(unwritable));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no-such-folder"))));
}

void TestLessons::relativeDataPathsFollowTheLessonFile() {
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("data")));
    QByteArray csv;
    for (int i = 0; i < 40; ++i)
        csv += QByteArray::number(i % 7) + "," + QByteArray::number((i * 3) % 5) + "," +
               QByteArray::number(i % 2) + "\n";
    writeFile(dir.filePath(QStringLiteral("data/points.csv")), csv);
    const QString lessonPath = dir.filePath(QStringLiteral("csv-lesson.json"));
    writeFile(lessonPath, R"({"format": "bnlab-lesson", "version": 1, "title": "CSV",
        "config": {"dataset": {"kind": "csv", "path": "data/points.csv"}, "batchSize": 8}})");

    const Lesson lesson = loadLesson(lessonPath);
    const QString expected = QDir::cleanPath(dir.filePath(QStringLiteral("data/points.csv")));
    QCOMPARE(QString::fromStdString(lesson.config.data.path), expected);
    const Split split = makeDatasets(lesson.config.data, lesson.config.seed);
    QCOMPARE(split.train.size() + split.validation.size(), Eigen::Index(40));

    // Saved next to its data, the path is written relative again; elsewhere, absolute.
    const QString copy = dir.filePath(QStringLiteral("copy.json"));
    QCOMPARE(saveLesson(lesson, copy), QString());
    QVERIFY(readFile(copy).contains("\"path\": \"data/points.csv\""));
    QCOMPARE(QString::fromStdString(loadLesson(copy).config.data.path), expected);

    QTemporaryDir other;
    const QString elsewhere = other.filePath(QStringLiteral("moved.json"));
    QCOMPARE(saveLesson(lesson, elsewhere), QString());
    QCOMPARE(QString::fromStdString(loadLesson(elsewhere).config.data.path), expected);
}

QTEST_GUILESS_MAIN(TestLessons)
#include "test_lessons.moc"
