// What leaves the window lands as a set and only where the user meant it to. "Export data
// (CSV)" writes trace.csv, eval.csv and train.csv together or not at all: a failure after the
// first file (the "output-file" fault of app/FaultInjection.h) leaves the folder's earlier
// files exactly as they were, and the folder's other files survive a successful export. The
// figure export asks before writing into a system folder or over an existing file, and stays
// open when the answer is No. A recorded run rendered headless (--open-run) lands as a set too.
#include "ExportDialog.h"
#include "FaultInjection.h"
#include "FolderSnapshot.h"
#include "HeadlessRun.h"
#include "MainWindow.h"
#include "SmallConfig.h"
#include "TrainingSession.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace bnlab;

namespace {

void writeFile(const QString& path, const QByteArray& content) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

// Answers the modal dialogs that open while it lives: a folder dialog gets `folder`, a
// question gets `answer`, any other message box is closed. Records every message's text.
class DialogAnswers : public QObject {
  public:
    DialogAnswers(QString folder, QMessageBox::StandardButton answer)
        : folder_(std::move(folder)), answer_(answer) {
        connect(&timer_, &QTimer::timeout, this, &DialogAnswers::answer);
        timer_.start(20);
    }
    QStringList messages;

  private:
    void answer() {
        QWidget* modal = QApplication::activeModalWidget();
        if (auto* files = qobject_cast<QFileDialog*>(modal)) {
            // The typed name wins over whatever the dialog remembered.
            files->setDirectory(folder_);
            if (auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit")))
                name->setText(folder_);
            static_cast<QDialog*>(files)->accept(); // QFileDialog::accept is protected
        } else if (auto* box = qobject_cast<QMessageBox*>(modal)) {
            messages << box->text();
            QAbstractButton* button = box->button(answer_);
            if (!button)
                button = box->buttons().value(0);
            button->click();
        }
    }
    QString folder_;
    QMessageBox::StandardButton answer_;
    QTimer timer_;
};

QAction* exportCsvAction(MainWindow& window) {
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text().startsWith(QStringLiteral("Export data (CSV)")))
            return a;
    return nullptr;
}

// The hidden staging folders (".NAME.bnlab-*") left beside `folder`.
QStringList stagingLeftovers(const QString& folder) {
    QDir parent(folder);
    parent.cdUp();
    return parent.entryList({QStringLiteral(".*.bnlab-*")}, QDir::AllEntries | QDir::Hidden);
}

} // namespace

class TestExportSets : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void windowCsvExportLandsAsASet();
    void windowCsvExportRefusesAFolderWithSubfolders();
    void figureExportAsksBeforeASystemFolderOrAnExistingFile();
    void openRunOutputsLandAsASet();
};

void TestExportSets::windowCsvExportLandsAsASet() {
    QTemporaryDir tmp;
    const QString folder = tmp.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                              QFileDevice::ExeGroup));
    writeFile(QDir(folder).filePath(QStringLiteral("notes.txt")), "the teacher's notes\n");
    writeFile(QDir(folder).filePath(QStringLiteral("mean.png")), "a figure exported earlier");

    MainWindow window;
    window.session().configure(smallConfig(10));
    window.session().stepN(20);
    QTRY_COMPARE(window.session().history().steps(), 20L);
    QTRY_VERIFY(window.session().isIdle());
    QAction* action = exportCsvAction(window);
    QVERIFY(action);
    {
        DialogAnswers answers(folder, QMessageBox::Yes);
        action->trigger();
        QVERIFY2(answers.messages.isEmpty(), qPrintable(answers.messages.join('\n')));
    }
    const QMap<QString, QByteArray> earlier = folderSnapshot(folder);
    QCOMPARE(earlier.keys(),
             (QStringList{"eval.csv", "mean.png", "notes.txt", "trace.csv", "train.csv"}));

    // Ten more steps, then an export that fails after its first file: nothing changes.
    window.session().stepN(10);
    QTRY_COMPARE(window.session().history().steps(), 30L);
    QTRY_VERIFY(window.session().isIdle());
    {
        DialogAnswers answers(folder, QMessageBox::Yes);
        ScopedFault fault("output-file");
        action->trigger();
        QCOMPARE(answers.messages.size(), 2); // "replace these files?", then the failure
        QVERIFY2(answers.messages[0].contains(QStringLiteral("trace.csv")),
                 qPrintable(answers.messages[0]));
        QVERIFY2(answers.messages[1].contains(QStringLiteral("unchanged")),
                 qPrintable(answers.messages[1]));
    }
    QVERIFY2(folderSnapshot(folder) == earlier, "a failed export changed the folder");
    QVERIFY2(stagingLeftovers(folder).isEmpty(), qPrintable(stagingLeftovers(folder).join(' ')));

    // Without the fault all three are replaced; the other files and the folder's mode stay.
    {
        DialogAnswers answers(folder, QMessageBox::Yes);
        action->trigger();
        QCOMPARE(answers.messages.size(), 1); // only the question
    }
    const QMap<QString, QByteArray> now = folderSnapshot(folder);
    QCOMPARE(now.keys(), earlier.keys());
    for (const char* name : {"trace.csv", "eval.csv", "train.csv"})
        QVERIFY2(now[name] != earlier[name], name);
    for (const char* name : {"notes.txt", "mean.png"})
        QVERIFY2(now[name] == earlier[name], name);
    QFile train(QDir(folder).filePath(QStringLiteral("train.csv")));
    QVERIFY(train.open(QIODevice::ReadOnly));
    QVERIFY(train.readAll().trimmed().split('\n').last().startsWith("30,"));
    // Owner, group and others (Qt's "user" bits are whoever runs the test).
    QCOMPARE(QFileInfo(folder).permissions() & 0x7077,
             QFileDevice::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                      QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                      QFileDevice::ExeGroup) &
                 0x7077);
    QVERIFY(stagingLeftovers(folder).isEmpty());
}

void TestExportSets::windowCsvExportRefusesAFolderWithSubfolders() {
    // A folder that holds folders is not one for BN Lab's files: it cannot be replaced as a set.
    QTemporaryDir tmp;
    QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("photos")));
    MainWindow window;
    window.session().configure(smallConfig(10));
    window.session().stepN(5);
    QTRY_COMPARE(window.session().history().steps(), 5L);
    QTRY_VERIFY(window.session().isIdle());
    DialogAnswers answers(tmp.path(), QMessageBox::Yes);
    exportCsvAction(window)->trigger();
    QCOMPARE(answers.messages.size(), 1);
    QVERIFY2(answers.messages[0].contains(QStringLiteral("photos")) &&
                 answers.messages[0].contains(QStringLiteral("the export folder")),
             qPrintable(answers.messages[0]));
    QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList());
}

void TestExportSets::figureExportAsksBeforeASystemFolderOrAnExistingFile() {
    QTemporaryDir tmp;
    const QString existing = tmp.filePath(QStringLiteral("figure.png"));
    writeFile(existing, "an earlier figure");
    struct Case {
        QString path;
        QMessageBox::StandardButton answer;
        bool asked, accepted;
        const char* said;
    };
    const QList<Case> cases{
        {existing, QMessageBox::No, true, false, "figure.png"},
        {existing, QMessageBox::Yes, true, true, "figure.png"},
        {QStringLiteral("/bnlab-figure.png"), QMessageBox::No, true, false, "system folder"},
        {QStringLiteral("/usr/share/bnlab-figure.png"), QMessageBox::No, true, false,
         "system folder"},
        {tmp.filePath(QStringLiteral("new.png")), QMessageBox::No, false, true, ""},
    };
    for (const Case& c : cases) {
        ExportDialog dialog(ExportTarget::Dashboard, QStringLiteral("scenario"),
                            QStringLiteral("beta0.99"), QStringLiteral("caption"));
        auto* path = dialog.findChild<QLineEdit*>(QStringLiteral("exportPath"));
        QVERIFY(path);
        path->setText(c.path);
        DialogAnswers answers(tmp.path(), c.answer);
        dialog.accept();
        QCOMPARE(answers.messages.size(), c.asked ? 1 : 0);
        if (c.asked)
            QVERIFY2(answers.messages[0].contains(QLatin1String(c.said)),
                     qPrintable(c.path + ": " + answers.messages[0]));
        QVERIFY2((dialog.result() == QDialog::Accepted) == c.accepted, qPrintable(c.path));
    }
}

void TestExportSets::openRunOutputsLandAsASet() {
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("out"));
    const QString runFile = QStringLiteral(BNLAB_RESOURCES_DIR "/runs/momentum-port.bnlab");
    const auto render = [&](const char* momenta) {
        QString text, errors;
        QTextStream o(&text), e(&errors);
        const int status =
            runHeadless({"--open-run", runFile, "--momenta", QString::fromLatin1(momenta),
                         "--outputs", "trace,eval,train", "--out", out},
                        o, e);
        e.flush();
        return std::pair{status, errors};
    };
    QCOMPARE(render("0.9").first, 0);
    writeFile(QDir(out).filePath(QStringLiteral("notes.txt")), "kept\n");
    const QMap<QString, QByteArray> earlier = folderSnapshot(out);
    QCOMPARE(earlier.size(), 4);
    {
        ScopedFault fault("output-file");
        const auto [status, errors] = render("0.99");
        QCOMPARE(status, 2);
        QVERIFY2(errors.contains(QStringLiteral("out of memory")), qPrintable(errors));
    }
    QVERIFY2(folderSnapshot(out) == earlier, "a failed --open-run changed --out");
    QVERIFY(stagingLeftovers(out).isEmpty());
    QCOMPARE(render("0.99").first, 0);
    const QMap<QString, QByteArray> now = folderSnapshot(out);
    QCOMPARE(now.keys(), earlier.keys());
    QVERIFY(now["trace.csv"] != earlier["trace.csv"]);
    QVERIFY(now["notes.txt"] == earlier["notes.txt"]);
}

QTEST_MAIN(TestExportSets)
#include "test_export_sets.moc"
