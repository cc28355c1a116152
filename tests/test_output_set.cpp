// A headless run's files land as a set. The real executable is killed (SIGKILL) after each
// output file and once more right after the set is published; --out must then hold the
// earlier run's files, unchanged, or this run's complete set, never a mix. A file of the
// user's own in --out survives every time. A recorded run rendered with --open-run lands the
// same way.
#include "FolderSnapshot.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QByteArray readFile(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Exit {
    QProcess::ExitStatus how;
    int code;
    QByteArray err;
};

Exit runBnlab(const QStringList& args, int killAfterFiles) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (killAfterFiles > 0)
        env.insert(QStringLiteral("BNLAB_TEST_KILL_AFTER_FILES"), QString::number(killAfterFiles));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(BNLAB_EXECUTABLE), args);
    if (!p.waitForFinished(120000))
        qFatal("bnlab did not finish");
    return {p.exitStatus(), p.exitCode(), p.readAllStandardError()};
}

Exit runBnlab(const QString& out, int seed, int killAfterFiles) {
    return runBnlab({"--headless", "--steps", "30", "--seed", QString::number(seed), "--hidden",
                     "4", "--format", "svg", "--out", out},
                    killAfterFiles);
}

// A recorded run rendered with the slider's momenta `momenta`: CSV files only.
Exit openRun(const QString& out, const QString& momenta, int killAfterFiles) {
    return runBnlab({"--headless", "--open-run",
                     QStringLiteral(BNLAB_RESOURCES_DIR "/runs/momentum-port.bnlab"), "--momenta",
                     momenta, "--outputs", "trace,eval,train", "--out", out},
                    killAfterFiles);
}

} // namespace

class TestOutputSet : public QObject {
    Q_OBJECT
  private slots:
    void killAtEveryFileBoundaryLeavesOneCompleteSet();
    void aFolderInOutIsRefusedBeforeTraining();
    void openRunKilledAtEveryFileBoundaryLeavesOneCompleteSet();
};

void TestOutputSet::killAtEveryFileBoundaryLeavesOneCompleteSet() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("run"));
    QVERIFY(QDir().mkpath(out));
    {
        QFile notes(QDir(out).filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("the teacher's own file\n");
    }
    const Exit first = runBnlab(out, 1, 0);
    QCOMPARE(first.code, 0);
    const QMap<QString, QByteArray> earlier = folderSnapshot(out);
    // trace, eval, train and five figures, plus the teacher's file.
    QCOMPARE(earlier.size(), 9);

    // The same run with another seed, written elsewhere: what a complete new set holds.
    const QString reference = tmp.filePath(QStringLiteral("reference"));
    QCOMPARE(runBnlab(reference, 2, 0).code, 0);
    const QByteArray newTrace = readFile(QDir(reference).filePath(QStringLiteral("trace.csv")));
    QVERIFY(newTrace != readFile(QDir(out).filePath(QStringLiteral("trace.csv"))));

    const int files = 8;
    for (int k = 1; k <= files; ++k) {
        const Exit killed = runBnlab(out, 2, k);
        QVERIFY2(killed.how == QProcess::CrashExit, qPrintable(QStringLiteral("k = %1").arg(k)));
        QVERIFY2(folderSnapshot(out) == earlier,
                 qPrintable(QStringLiteral("killed after file %1: --out changed").arg(k)));
    }
    // Killed right after publishing: the new set is complete, the teacher's file kept.
    const Exit killed = runBnlab(out, 2, files + 1);
    QVERIFY(killed.how == QProcess::CrashExit);
    const QMap<QString, QByteArray> now = folderSnapshot(out);
    QCOMPARE(now.keys(), earlier.keys());
    QCOMPARE(readFile(QDir(out).filePath(QStringLiteral("trace.csv"))), newTrace);
    QCOMPARE(now.value(QStringLiteral("notes.txt")), earlier.value(QStringLiteral("notes.txt")));
}

void TestOutputSet::aFolderInOutIsRefusedBeforeTraining() {
    QTemporaryDir tmp;
    QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("subfolder")));
    const Exit e = runBnlab(tmp.path(), 1, 0);
    QCOMPARE(e.code, 2);
    QVERIFY2(e.err.contains("subfolder"), e.err.constData());
    QVERIFY(!QFileInfo::exists(QDir(tmp.path()).filePath(QStringLiteral("trace.csv"))));
}

void TestOutputSet::openRunKilledAtEveryFileBoundaryLeavesOneCompleteSet() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("recorded"));
    QCOMPARE(openRun(out, QStringLiteral("0.9"), 0).code, 0);
    const QMap<QString, QByteArray> earlier = folderSnapshot(out);
    QCOMPARE(earlier.size(), 3);
    const QString reference = tmp.filePath(QStringLiteral("reference"));
    QCOMPARE(openRun(reference, QStringLiteral("0.99"), 0).code, 0);
    const QMap<QString, QByteArray> newer = folderSnapshot(reference);
    QVERIFY(newer.value(QStringLiteral("trace.csv")) != earlier.value(QStringLiteral("trace.csv")));
    for (int k = 1; k <= 3; ++k) {
        QVERIFY2(openRun(out, QStringLiteral("0.99"), k).how == QProcess::CrashExit,
                 qPrintable(QStringLiteral("k = %1").arg(k)));
        QVERIFY2(folderSnapshot(out) == earlier,
                 qPrintable(QStringLiteral("killed after file %1: --out changed").arg(k)));
    }
    QVERIFY(openRun(out, QStringLiteral("0.99"), 4).how == QProcess::CrashExit);
    QVERIFY(folderSnapshot(out) == newer);
}

QTEST_GUILESS_MAIN(TestOutputSet)
#include "test_output_set.moc"
