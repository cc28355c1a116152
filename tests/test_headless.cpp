// `bnlab --headless`, run in-process: a short run writes every file (CSV headers as
// documented, figures that read back at the requested size), bad usage and bad input exit 2
// with the problem named and nothing written, a diverging run exits 3 with its CSVs.
#include "HeadlessRun.h"
#include "Kernels.h"
#include "Lesson.h"

#include <QImage>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
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

QByteArray firstLine(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readLine().trimmed();
}

qsizetype dataRows(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return f.readAll().count('\n') - 1;
}

// Every entry of a directory, hidden ones too (QSaveFile or probe leftovers would show).
QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

const QStringList Plots{"mean", "variance", "error", "accuracy", "dashboard"};

} // namespace

class TestHeadless : public QObject {
    Q_OBJECT
  private slots:
    void helpMentionsEveryOption();
    void shortRunWritesEverything();
    void pytorchConventionAndReplayedSlider();
    void outputsNoneWritesNothing();
    void lessonRun();
    void badInput_data();
    void badInput();
    void unwritableOut_data();
    void unwritableOut();
    void divergingRun();
    void kernelPathsRepeatBitForBit();
};

void TestHeadless::helpMentionsEveryOption() {
    const Result r = run({"--help"});
    QCOMPARE(r.status, 0);
    for (const char* option :
         {"--headless",   "--lesson",     "--presentation", "--steps",        "--seed",
          "--dataset",    "--validation", "--samples",      "--noise",        "--classes",
          "--hidden",     "--input-bn",   "--no-input-bn",  "--bn-placement", "--activation",
          "--batch-size", "--lr",         "--sgd-momentum", "--convention",   "--momenta",
          "--slider",     "--pop-every",  "--eval-every",   "--precise-bn",   "--sorted-batches",
          "--format",     "--scale",      "--outputs",      "--out",          "--help"})
        QVERIFY2(r.out.contains(QLatin1String(option)), option);
    QVERIFY(r.out.contains("Examples"));
    QVERIFY(r.out.contains("Exit status"));
    QVERIFY(r.err.isEmpty());
}

void TestHeadless::shortRunWritesEverything() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath("run/nested"); // created on demand
    const Result r = run({"--steps", "150", "--dataset", "moons", "--momenta", "0.9,0.99",
                          "--format", "png,svg,pdf,jpg", "--scale", "1.5", "--out", out});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));

    QStringList expected{"eval.csv", "trace.csv", "train.csv"};
    for (const QString& plot : Plots)
        for (const char* suffix : {"png", "svg", "pdf", "jpg"})
            expected << plot + "." + suffix;
    expected.sort();
    QCOMPARE(entries(out), expected);

    QCOMPARE(firstLine(out + "/trace.csv"),
             QByteArray("step,layer,feature,batch_mean,batch_var,pop_mean,pop_var,"
                        "ema_mean@0.9,ema_var@0.9,ema_mean@0.99,ema_var@0.99"));
    QCOMPARE(dataRows(out + "/trace.csv"), qsizetype(150 * (16 + 16)));
    QCOMPARE(firstLine(out + "/eval.csv"), QByteArray("step,mode,momentum,val_accuracy,val_loss"));
    QCOMPARE(dataRows(out + "/eval.csv"), qsizetype(4 * (2 + 2))); // steps 0, 50, 100, 150
    QCOMPARE(firstLine(out + "/train.csv"), QByteArray("step,loss,accuracy,lr"));
    QCOMPARE(dataRows(out + "/train.csv"), qsizetype(150));

    // Raster figures at size × scale.
    for (const char* suffix : {"png", "jpg"})
        for (const QString& plot : Plots) {
            const QImage image(out + "/" + plot + "." + suffix);
            QVERIFY2(!image.isNull(), qPrintable(plot + "." + suffix));
            const QSize logical = plot == "dashboard" ? QSize(1920, 1200) : QSize(1600, 900);
            QCOMPARE(image.size(), logical * 1.5);
        }
    for (const QString& plot : Plots) {
        const QString svg = out + "/" + plot + ".svg";
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(svg + ": " + xml.errorString()));
        QVERIFY(QSvgRenderer(svg).isValid());

        QFile pdf(out + "/" + plot + ".pdf");
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdf.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.right(64).contains("%%EOF"));
    }

    // The summary: what ran, error per momentum, accuracy in every mode.
    QVERIFY2(r.out.contains("ran         150 of 150 steps"), qPrintable(r.out));
    QVERIFY(r.out.contains("Running statistics vs population at step 150"));
    QVERIFY(r.out.contains("β=0.9"));
    QVERIFY(r.out.contains("β=0.99 (slider)"));
    QVERIFY(r.out.contains("Validation accuracy at step 150"));
    QVERIFY(r.out.contains("batch statistics"));
    QVERIFY(r.out.contains("population"));
    QVERIFY(r.out.contains("Wrote 23 files"));
}

void TestHeadless::pytorchConventionAndReplayedSlider() {
    QTemporaryDir tmp;
    const Result r = run({"--steps", "120", "--convention", "pytorch", "--momenta", "0.1,0.010",
                          "--slider", "0.05", "--hidden", "8", "--input-bn", "--outputs",
                          "trace,eval", "--out", tmp.path()});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(entries(tmp.path()), (QStringList{"eval.csv", "trace.csv"}));
    // The momenta exactly as written, in the user's convention.
    QCOMPARE(firstLine(tmp.filePath("trace.csv")),
             QByteArray("step,layer,feature,batch_mean,batch_var,pop_mean,pop_var,"
                        "ema_mean@0.1,ema_var@0.1,ema_mean@0.010,ema_var@0.010"));
    QCOMPARE(dataRows(tmp.filePath("trace.csv")), qsizetype(120 * (2 + 8)));
    QVERIFY2(r.out.contains("α=0.05 (slider, replayed)"), qPrintable(r.out));
    QVERIFY(r.out.contains("PyTorch α"));
}

void TestHeadless::outputsNoneWritesNothing() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath("never");
    const Result r = run({"--steps", "50", "--outputs", "none", "--out", out});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY(entries(tmp.path()).isEmpty());
    QVERIFY(r.out.contains("Validation accuracy at step 50"));
    QVERIFY(!r.out.contains("Wrote"));
}

void TestHeadless::lessonRun() {
    const QStringList lessons = bundledLessonPaths();
    if (lessons.isEmpty())
        QSKIP("no bundled lessons");
    const QString id = QFileInfo(lessons.first()).completeBaseName();
    QTemporaryDir tmp;
    const Result r =
        run({"--lesson", id, "--steps", "60", "--outputs", "trace,train", "--out", tmp.path()});
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(dataRows(tmp.filePath("train.csv")), qsizetype(60));
    QVERIFY(firstLine(tmp.filePath("trace.csv")).contains("ema_mean@"));
    QVERIFY(!r.out.contains("custom configuration"));
}

void TestHeadless::badInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown option") << QStringList{"--bogus"} << "bogus";
    QTest::newRow("positional argument") << QStringList{"moons"} << "unexpected argument 'moons'";
    QTest::newRow("--lr abc") << QStringList{"--lr", "abc"} << "--lr: 'abc' is not a number";
    QTest::newRow("--steps 0") << QStringList{"--steps", "0"} << "--steps: 0 is below 1";
    QTest::newRow("--steps x") << QStringList{"--steps", "x"} << "--steps: 'x' is not a whole";
    QTest::newRow("--batch-size 1")
        << QStringList{"--batch-size", "1"} << "--batch-size: 1 is outside [2, 10000]";
    QTest::newRow("--momenta 1.5")
        << QStringList{"--momenta", "0.9,1.5"} << "--momenta: 1.5 is outside [0, 1]";
    QTest::newRow("--momenta twice")
        << QStringList{"--momenta", "0.9,0.90"} << "--momenta: 0.90 is given twice";
    QTest::newRow("--slider -0.1") << QStringList{"--slider", "-0.1"} << "--slider: -0.1";
    QTest::newRow("--convention tf") << QStringList{"--convention", "tf"} << "--convention: 'tf'";
    QTest::newRow("--hidden 16,x") << QStringList{"--hidden", "16,x"} << "--hidden: 'x'";
    QTest::newRow("--format gif") << QStringList{"--format", "gif"} << "--format: 'gif'";
    QTest::newRow("--outputs plots") << QStringList{"--outputs", "plots"} << "--outputs: 'plots'";
    QTest::newRow("--scale 0") << QStringList{"--scale", "0"} << "--scale: 0";
    QTest::newRow("--sgd-momentum 2")
        << QStringList{"--sgd-momentum", "2"} << "--sgd-momentum: 2 is outside [0, 1]";
    QTest::newRow("--presentation") << QStringList{"--presentation"} << "--presentation";
    QTest::newRow("unknown dataset") << QStringList{"--dataset", "nosuch"} << "'nosuch'";
    QTest::newRow("missing CSV") << QStringList{"--dataset", "missing.csv"}
                                 << "missing.csv: cannot open";
    QTest::newRow("malformed CSV") << QStringList{"--dataset", "@bad.csv"} << "bad.csv, line 3";
    QTest::newRow("unknown lesson")
        << QStringList{"--lesson", "no-such-lesson"} << "no-such-lesson";
    QTest::newRow("--kernels avx9")
        << QStringList{"--kernels", "avx9"}
        << "--kernels 'avx9' is not a kernel path: use portable, fma or auto";
}

void TestHeadless::badInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    {
        QFile bad(tmp.filePath("bad.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("x,y,label\n0.5,1.5,0\n0.25,abc,1\n1,2,1\n");
    }
    for (QString& a : args)
        a.replace('@', tmp.path() + '/');
    const QString out = tmp.filePath("out");
    // The defaults first: the option under test, given last, wins.
    const Result r = run(QStringList{"--steps", "20", "--out", out} + args);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFileInfo::exists(out)); // nothing written, not even the directory
}

void TestHeadless::unwritableOut_data() {
    QTest::addColumn<QString>("out"); // '@' = a temporary directory holding the file "file"
    QTest::newRow("the path is a file") << "@file";
    QTest::newRow("under a regular file") << "@file/sub";
    QTest::newRow("in /proc") << "/proc/bnlab-out";
}

void TestHeadless::unwritableOut() {
    QFETCH(QString, out);
    QTemporaryDir tmp;
    {
        QFile file(tmp.filePath("file"));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    out.replace('@', tmp.path() + '/');
    const Result r = run({"--steps", "20", "--out", out});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains("cannot write to " + out + ": "), qPrintable(r.err));
    QVERIFY(r.out.isEmpty()); // refused before training
    QCOMPARE(entries(tmp.path()), QStringList{"file"});
}

void TestHeadless::divergingRun() {
    // Learning rate and weight decay at the ends of their ranges: the weights grow a
    // millionfold per step and overflow within a few dozen steps.
    QTemporaryDir tmp, lessonDir;
    const QString lesson = lessonDir.filePath("diverging.json");
    {
        QFile f(lesson);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format": "bnlab-lesson", "version": 1, "title": "diverging",
                    "config": {"optimizer": {"learningRate": 1000, "weightDecay": 1000,
                                             "sgdMomentum": 0}}})");
    }
    const Result r =
        run({"--lesson", lesson, "--steps", "150", "--format", "png", "--out", tmp.path()});
    QCOMPARE(r.status, 3);
    QVERIFY2(r.err.contains("diverged"), qPrintable(r.err));
    for (const char* file : {"trace.csv", "eval.csv", "train.csv", "mean.png", "dashboard.png"})
        QVERIFY2(QFileInfo::exists(tmp.filePath(file)), file);
    const qsizetype steps = dataRows(tmp.filePath("train.csv"));
    QVERIFY(steps >= 0 && steps < 150);
    QVERIFY2(r.err.contains(QStringLiteral("The files cover steps 1 to %1.").arg(steps)),
             qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("ran         %1 of 150 steps").arg(steps)));
}

// A run repeats bit for bit on the same kernel path, the summary names the path, and the two
// paths (where the CPU has both) round differently.
void TestHeadless::kernelPathsRepeatBitForBit() {
    QTemporaryDir tmp;
    auto train = [&](const QString& kernels, const QString& name) {
        const Result r = run({"--kernels", kernels, "--steps", "200", "--outputs", "train,trace",
                              "--out", tmp.filePath(name)});
        [&] { QVERIFY2(r.status == 0, qPrintable(r.err)); }();
        QFile f(tmp.filePath(name + "/trace.csv"));
        return std::make_pair(r.out, f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray());
    };
    const auto [saidPortable, portable] = train("portable", "p1");
    QVERIFY(saidPortable.contains("kernels     portable (SSE2)"));
    QVERIFY(!portable.isEmpty());
    QCOMPARE(train("portable", "p2").second, portable);
    if (!cpuHasFmaKernels())
        QSKIP("this CPU has no AVX2 and FMA");
    const auto [saidFma, fma] = train("fma", "f1");
    QVERIFY(saidFma.contains("kernels     fma (AVX"));
    QCOMPARE(train("fma", "f2").second, fma);
    QVERIFY(fma != portable);
    setDefaultKernelPath(*parseKernelPath("auto"));
}

QTEST_MAIN(TestHeadless)
#include "test_headless.moc"
