// The inputs that once crashed, exhausted memory or misled (tests/fuzz corpus, copied from the
// reliability report) now each exit 2 with a message that names the file and the problem, write
// nothing and stay within memory; runs over the memory budget are refused with the estimate,
// the budget and the setting to lower, or stop at the steps that fit (or at the window's step
// cap) and say so; an exception at the headless boundary becomes a message.
#include "CommandLine.h"
#include "Errors.h"
#include "FaultInjection.h"
#include "HeadlessRun.h"
#include "HeadlessStepCap.h"
#include "Lesson.h"
#include "MemoryBudget.h"

#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace bnlab;

namespace {

struct Result {
    int status = -1;
    QString out, err;
};

Result run(const QStringList& args) {
    Result r;
    QTextStream out(&r.out), err(&r.err);
    r.status = runHeadless(args, out, err);
    out.flush();
    err.flush();
    return r;
}

// The cases live in the fuzz corpus: CSV files under csv/, lessons under lesson/.
QString reliabilityCase(const char* name) {
    const QString file = QLatin1String(name);
    return QStringLiteral(BNLAB_FUZZ_CORPUS_DIR "/%1/%2")
        .arg(file.endsWith(QLatin1String(".json")) ? "lesson" : "csv", file);
}

} // namespace

class TestReliability : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString out() const { return tmp_.filePath(QStringLiteral("out")); }

  private slots:
    void init() { QDir(out()).removeRecursively(); }
    void refusedCases_data();
    void refusedCases();
    void validationLabelsMustBeTheTrainingLabels_data();
    void validationLabelsMustBeTheTrainingLabels();
    void controlBytesFromAFileAreEscaped();
    void memoryBudgetRefusesBeforeAnythingRuns();
    void runsStopAtTheStepsThatFitInTheBudget();
    void stepsBeyondTheWindowsCapStopAtTheCap();
    void stepsMustBeAWholeNumberOfAtLeastOne_data();
    void stepsMustBeAWholeNumberOfAtLeastOne();
    void outOfMemoryAtTheHeadlessBoundaryIsAMessage();
    void lessonReaderRefusesMalformedNumbers_data();
    void lessonReaderRefusesMalformedNumbers();
    void readmeLessonLookupsWork();
};

void TestReliability::refusedCases_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("said"); // every one of these appears in the message
    const auto lesson = [](const char* name) {
        return QStringList{"--lesson", reliabilityCase(name), "--steps", "5"};
    };
    const auto dataset = [](const char* name) {
        return QStringList{"--dataset", reliabilityCase(name), "--steps", "5"};
    };
    QTest::newRow("lesson hidden 100000x2")
        << lesson("lesson-hidden100000x2-min.json")
        << QStringList{"lesson-hidden100000x2-min.json", "config.model.hidden", "[1, 4096]"};
    QTest::newRow("lesson PreciseBN 1e6")
        << lesson("lesson-precisebn-memory.json")
        << QStringList{"lesson-precisebn-memory.json", "config.preciseBnBatches", "1000"};
    QTest::newRow("lesson samples 1e7")
        << lesson("lesson-samples1e7.json")
        << QStringList{"lesson-samples1e7.json", "config.dataset.samples", "1000000"};
    QTest::newRow("lesson /dev/zero")
        << lesson("lesson-devzero-min.json") << QStringList{"/dev/zero", "not a regular file"};
    QTest::newRow("lesson duplicate key")
        << lesson("lesson-dupkey.json")
        << QStringList{"lesson-dupkey.json", "config.batchSize", "given twice", "line 1"};
    QTest::newRow("features 1e200")
        << dataset("huge-features-1e200.csv")
        << QStringList{"huge-features-1e200.csv", "line", "column", "too large to normalize"};
    QTest::newRow("two rows") << dataset("csv-two-rows.csv")
                              << QStringList{"csv-two-rows.csv", "single sample"};
    QTest::newRow("one sample per class")
        << dataset("csv-one-sample-per-class.csv")
        << QStringList{"csv-one-sample-per-class.csv", "single sample", "100 classes"};
    QTest::newRow("20 rows, batch 32")
        << dataset("csv-20-rows.csv") << QStringList{"csv-20-rows.csv", "batch size 32"};
    QTest::newRow("--hidden 100000,100000")
        << QStringList{"--steps", "5", "--outputs", "none", "--hidden", "100000,100000"}
        << QStringList{"--hidden", "100000", "[1, 4096]"};
    QTest::newRow("--hidden 3000000") << QStringList{"--steps", "5", "--hidden", "3000000"}
                                      << QStringList{"--hidden", "[1, 4096]"};
    QTest::newRow("--samples 2^31-1") << QStringList{"--steps", "20", "--samples", "2147483647"}
                                      << QStringList{"--samples", "[2, 1000000]"};
    QTest::newRow("--precise-bn 2^31-1")
        << QStringList{"--steps", "5", "--precise-bn", "2147483647", "--outputs", "train"}
        << QStringList{"--precise-bn", "[0, 1000]"};
    QTest::newRow("--scale 0.1") << QStringList{"--steps", "5", "--scale", "0.1"}
                                 << QStringList{"--scale", "[0.25, 8]"};
    QTest::newRow("--noise 1e300")
        << QStringList{"--steps", "5", "--noise", "1e300"} << QStringList{"--noise", "[0, 100]"};
    QTest::newRow("--memory-budget below its range")
        << QStringList{"--lesson", "momentum", "--memory-budget", "1"}
        << QStringList{"--memory-budget", "[64,"};
}

void TestReliability::refusedCases() {
    QFETCH(QStringList, args);
    QFETCH(QStringList, said);
    const Result r = run(args + QStringList{"--out", out()});
    QCOMPARE(r.status, int(ExitBadInput));
    for (const QString& s : said)
        QVERIFY2(r.err.contains(s), qPrintable(QStringLiteral("'%1' not in: %2").arg(s, r.err)));
    QVERIFY2(!QFileInfo::exists(out()), "nothing may be written");
}

void TestReliability::validationLabelsMustBeTheTrainingLabels_data() {
    QTest::addColumn<QString>("train");
    QTest::addColumn<QString>("validation");
    QTest::addColumn<QStringList>("said");
    QTest::newRow("{0,1,2} vs {1,2,3}")
        << "train-3class.csv"
        << "valid-labels-1-2-3.csv"
        << QStringList{"valid-labels-1-2-3.csv", "{1, 2, 3}", "{0, 1, 2}", "train-3class.csv"};
    QTest::newRow("{0,1} vs {5,7}")
        << "train-labels01.csv"
        << "valid-labels57.csv" << QStringList{"valid-labels57.csv", "{5, 7}", "{0, 1}"};
}

void TestReliability::validationLabelsMustBeTheTrainingLabels() {
    QFETCH(QString, train);
    QFETCH(QString, validation);
    QFETCH(QStringList, said);
    const Result r = run({"--dataset", reliabilityCase(qPrintable(train)), "--validation",
                          reliabilityCase(qPrintable(validation)), "--batch-size", "2", "--steps",
                          "5", "--out", out()});
    QCOMPARE(r.status, int(ExitBadInput));
    for (const QString& s : said)
        QVERIFY2(r.err.contains(s), qPrintable(QStringLiteral("'%1' not in: %2").arg(s, r.err)));
    QVERIFY(!QFileInfo::exists(out()));
}

void TestReliability::controlBytesFromAFileAreEscaped() {
    const Result r =
        run({"--dataset", reliabilityCase("csv-escape-min.csv"), "--steps", "5", "--out", out()});
    QCOMPARE(r.status, int(ExitBadInput));
    QVERIFY2(r.err.contains(QStringLiteral("csv-escape-min.csv")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("\\x1B[2K")), qPrintable(r.err));
    for (const QChar ch : r.err)
        QVERIFY2(ch == '\n' || ch.unicode() >= 0x20, "a control character reached the terminal");
}

void TestReliability::memoryBudgetRefusesBeforeAnythingRuns() {
    const Result r = run(
        {"--hidden", "4096,4096,4096", "--memory-budget", "64", "--steps", "5", "--out", out()});
    QCOMPARE(r.status, int(ExitBadInput));
    for (const char* s : {"would need about", "memory budget of 64.0 MiB", "--hidden"})
        QVERIFY2(r.err.contains(QLatin1String(s)), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out()));
}

void TestReliability::runsStopAtTheStepsThatFitInTheBudget() {
    // Snapshots of 512x512 weights at every step (--eval-every 1) fill a 160 MiB budget within a
    // few dozen steps: the run stops there, writes its files and says why and what to change.
    const Result r =
        run({"--hidden", "512,512", "--eval-every", "1", "--steps", "100000", "--memory-budget",
             "160", "--outputs", "trace,eval,train", "--out", out()});
    QCOMPARE(r.status, int(ExitOk));
    const QRegularExpression stop(
        QStringLiteral("the run stops at step (\\d+) of the 100000 asked for"));
    const QRegularExpressionMatch said = stop.match(r.err);
    QVERIFY2(said.hasMatch(), qPrintable(r.err));
    const long steps = said.captured(1).toLong();
    QVERIFY2(steps > 0 && steps < 100000, qPrintable(r.err));
    for (const char* s : {"memory budget of 160.0 MiB", "--memory-budget", "per step"})
        QVERIFY2(r.err.contains(QLatin1String(s)), qPrintable(r.err));
    QVERIFY2(r.out.contains(QStringLiteral("Stopped at step %1 of the 100000 asked for: the "
                                           "history of more steps would not fit")
                                .arg(steps)),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("ran         %1 of %1 steps").arg(steps)),
             qPrintable(r.out));
    // The files cover exactly the steps run.
    QFile train(QDir(out()).filePath(QStringLiteral("train.csv")));
    QVERIFY(train.open(QIODevice::ReadOnly));
    const QList<QByteArray> rows = train.readAll().trimmed().split('\n');
    QVERIFY(rows.last().startsWith(QByteArray::number(qlonglong(steps)) + ','));
}

void TestReliability::stepsBeyondTheWindowsCapStopAtTheCap() {
    // Two million steps take minutes; the cap itself is decided before the first step.
    const CommandLine line = parseCommandLine({"--headless", "--steps", "2000001"});
    QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
    QCOMPARE(line.run.steps, std::optional<long>(2000001));
    TrainingConfig config;
    const MemoryEstimate small = estimateRunMemory(config, {1000, 200, 2, 2});
    const StepCap cap = headlessStepCap(2000001, small, std::uint64_t(1) << 40);
    QCOMPARE(cap.steps, 2000000L);
    for (const char* s :
         {"2000000 steps is the step cap", "the window's", "--steps 2000000 or fewer"})
        QVERIFY2(cap.note.contains(QLatin1String(s)), qPrintable(cap.note));
    QVERIFY(headlessStepCap(2000000, small, std::uint64_t(1) << 40).note.isEmpty());
    // Digits beyond what a long holds are still a number of steps: the run stops at the cap.
    const CommandLine huge = parseCommandLine({"--headless", "--steps", "99999999999999999999999"});
    QVERIFY2(huge.error.isEmpty(), qPrintable(huge.error));
    QCOMPARE(headlessStepCap(*huge.run.steps, small, std::uint64_t(1) << 40).steps, 2000000L);
    // Not even one step within the budget: refused before anything runs, as before.
    QVERIFY_THROWS_EXCEPTION(ConfigError, headlessStepCap(10, small, 1 << 20));
}

void TestReliability::stepsMustBeAWholeNumberOfAtLeastOne_data() {
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("said");
    QTest::newRow("zero") << "0"
                          << "--steps: 0 is below 1";
    QTest::newRow("negative") << "-5"
                              << "--steps: -5 is below 1";
    QTest::newRow("text") << "many"
                          << "--steps: 'many' is not a whole number";
    QTest::newRow("fraction") << "2.5"
                              << "--steps: '2.5' is not a whole number";
    QTest::newRow("exponent") << "1e9"
                              << "--steps: '1e9' is not a whole number";
}

void TestReliability::stepsMustBeAWholeNumberOfAtLeastOne() {
    QFETCH(QString, steps);
    QFETCH(QString, said);
    const Result r = run({"--steps", steps, "--out", out()});
    QCOMPARE(r.status, int(ExitBadInput));
    QVERIFY2(r.err.contains(said), qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out()));
}

void TestReliability::outOfMemoryAtTheHeadlessBoundaryIsAMessage() {
    setInjectedFault("headless-run");
    const Result r = run({"--steps", "5", "--out", out()});
    setInjectedFault(nullptr);
    QCOMPARE(r.status, int(ExitBadInput));
    QVERIFY2(r.err.contains(QStringLiteral("out of memory")), qPrintable(r.err));
    QVERIFY(QDir(out()).entryList(QDir::Files).isEmpty()); // nothing published
}

void TestReliability::lessonReaderRefusesMalformedNumbers_data() {
    QTest::addColumn<QByteArray>("number");
    QTest::newRow("1.") << QByteArray("8.");
    QTest::newRow("1.e5") << QByteArray("1.e5");
}

void TestReliability::lessonReaderRefusesMalformedNumbers() {
    QFETCH(QByteArray, number);
    const QByteArray json = "{\"format\": \"bnlab-lesson\", \"version\": 1, \"title\": \"t\",\n"
                            " \"config\": {\"batchSize\": " +
                            number + "}}";
    QString problem;
    try {
        lessonFromJson(json, QStringLiteral("numbers.json"));
    } catch (const InputError& e) {
        problem = QString::fromUtf8(e.what());
    }
    QVERIFY2(problem.contains(QStringLiteral("numbers.json")) &&
                 problem.contains(QStringLiteral("config.batchSize")),
             qPrintable("'" + problem + "'"));
}

// Every `--lesson NAME` in the READMEs, and the lookup examples of the lesson README, load.
void TestReliability::readmeLessonLookupsWork() {
    QStringList names;
    for (const char* path :
         {BNLAB_RESOURCES_DIR "/../README.md", BNLAB_RESOURCES_DIR "/lessons/README.md"}) {
        QFile f(QString::fromLatin1(path));
        QVERIFY2(f.open(QIODevice::ReadOnly), path);
        const QString text = QString::fromUtf8(f.readAll());
        static const QRegularExpression option(QStringLiteral("--lesson ([0-9A-Za-z-]+)"));
        for (const auto& m : option.globalMatch(text))
            names << m.captured(1);
        // "by its id (`03-momentum-tradeoff`), by its number (`3`), or by the beginning of
        // its id or title (`momentum-trade`, …)"
        static const QRegularExpression examples(QStringLiteral(
            "e\\.g\\.\\s+`([^`]+)`\\),\\s+by\\s+its\\s+number\\s+\\(`([^`]+)`\\),\\s+or\\s+by\\s+"
            "the\\s+beginning\\s+of\\s+its\\s+id\\s+or\\s+title\\s+\\(`([^`]+)`"));
        if (const auto m = examples.match(text); m.hasMatch())
            names << m.captured(1) << m.captured(2) << m.captured(3);
    }
    QVERIFY2(names.contains(QStringLiteral("momentum-trade")), qPrintable(names.join(' ')));
    for (const QString& name : names) {
        QString problem;
        try {
            findLesson(name);
        } catch (const std::exception& e) {
            problem = QString::fromUtf8(e.what());
        }
        QVERIFY2(problem.isEmpty(), qPrintable(name + ": " + problem));
    }
    QCOMPARE(findLesson(QStringLiteral("momentum-trade")).id,
             QStringLiteral("03-momentum-tradeoff"));
}

QTEST_MAIN(TestReliability)
#include "test_reliability.moc"
