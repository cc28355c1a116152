// The man page and `bnlab --help` come from one option table: both list exactly the options the
// parser accepts, with the same notes, and the man page built into the package is the one the
// current code writes. Also `bnlab FILE`, as a file manager starts it.
#include "CommandLine.h"
#include "ManPage.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace bnlab;

namespace {

QSet<QString> tableOptions() {
    QSet<QString> names;
    for (const QCommandLineOption& option : commandLineOptions())
        if (!option.flags().testFlag(QCommandLineOption::HiddenFromHelp))
            for (const QString& name : option.names())
                names << name;
    return names;
}

// "  -h, --help   ..." and "  --steps <N>   ..." in the Options section of --help.
QSet<QString> helpOptions(const QString& help) {
    QSet<QString> names;
    static const QRegularExpression line(QStringLiteral("^  (?:-(\\w), )?--([a-z][a-z-]*)"),
                                         QRegularExpression::MultilineOption);
    for (const auto& m : line.globalMatch(help)) {
        if (m.hasCaptured(1) && !m.captured(1).isEmpty())
            names << m.captured(1);
        names << m.captured(2);
    }
    return names;
}

// ".TP" followed by "\fB\-h\fR, \fB\-\-help\fR ..." in the OPTIONS section of the man page.
QSet<QString> manOptions(const QString& page) {
    const qsizetype from = page.indexOf(QStringLiteral("\n.SH OPTIONS\n"));
    const qsizetype to = page.indexOf(QStringLiteral("\n.SH "), from + 1);
    const QString section = page.mid(from, to - from);
    QSet<QString> names;
    static const QRegularExpression item(QStringLiteral("\\\\fB((?:\\\\-)+)([a-z][a-z-]*)\\\\fR"));
    for (const QString& tagLine : section.split(QStringLiteral(".TP\n"))) {
        const QString tag = tagLine.section('\n', 0, 0);
        for (const auto& m : item.globalMatch(tag))
            names << m.captured(2);
    }
    return names;
}

QString sorted(const QSet<QString>& set) {
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(' ');
}

} // namespace

class TestManPage : public QObject {
    Q_OBJECT
  private slots:
    void helpAndManPageListTheParsersOptions() {
        const QSet<QString> table = tableOptions();
        QVERIFY(table.size() > 25);
        QCOMPARE(sorted(helpOptions(commandLineHelp())), sorted(table));
        QCOMPARE(sorted(manOptions(commandLineManPage("1.0", "2026-01-01"))), sorted(table));
    }

    void everyOptionIsParsed() {
        // The table is what the parser reads: each option is known to it (an unknown option
        // would be reported as such, whatever else is wrong with the line).
        for (const QCommandLineOption& option : commandLineOptions()) {
            QStringList args{QStringLiteral("--headless"), "--" + option.names().constLast()};
            if (!option.valueName().isEmpty())
                args << QStringLiteral("1");
            const CommandLine line = parseCommandLine(args);
            QVERIFY2(!line.error.contains(QStringLiteral("nknown option")), qPrintable(line.error));
        }
    }

    void notesAndUsageAreInBoth() {
        const QString help = commandLineHelp();
        const QString page = commandLineManPage("1.0", "2026-01-01");
        for (const HelpSection& note : commandLineNotes()) {
            QVERIFY2(help.contains(note.helpHeading + ':'), qPrintable(note.helpHeading));
            QVERIFY2(page.contains(".SH " + note.manHeading + '\n'), qPrintable(note.manHeading));
            // The first line of each note, as roff writes it.
            const QString first = note.body.section('\n', 0, 0).replace('-', QStringLiteral("\\-"));
            QVERIFY2(page.contains(first.left(12)), qPrintable(first));
        }
        for (const UsageLine& usage : commandLineUsage())
            QVERIFY2(help.contains(usage.synopsis), qPrintable(usage.synopsis));
        QVERIFY(page.contains(QStringLiteral(".TH BNLAB 1 \"2026-01-01\" \"BN Lab 1.0\"")));
        QVERIFY(page.contains(QStringLiteral(".SH SYNOPSIS\n")));
        QVERIFY(page.contains(QStringLiteral(".SH ARGUMENTS\n")));
    }

    void noLineStartsWithARoffControlCharacterByAccident() {
        const QStringList lines = commandLineManPage("1.0", "2026-01-01").split('\n');
        static const QRegularExpression request(
            QStringLiteral("^(\\.(\\\\\"|TH|SH|TP|PP|RS|RE|nf|fi|br)( |$)|[^.'])"));
        for (const QString& line : lines)
            QVERIFY2(line.isEmpty() || request.match(line).hasMatch(), qPrintable(line));
    }

    void theBuiltManPageIsCurrent() {
        QFile built(QStringLiteral(BNLAB_MAN_PAGE));
        QVERIFY2(built.open(QIODevice::ReadOnly), qPrintable(built.fileName()));
        QCOMPARE(QString::fromUtf8(built.readAll()),
                 commandLineManPage(QStringLiteral(BNLAB_VERSION_TEXT),
                                    QStringLiteral(BNLAB_RELEASE_DATE_TEXT)));
    }

    void aFileArgumentOpensALesson() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString lesson = dir.filePath("mine.bnlesson");
        QVERIFY(
            QFile::copy(QStringLiteral(BNLAB_RESOURCES_DIR "/lessons/01-stationary.json"), lesson));
        CommandLine line = parseCommandLine({lesson});
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
        QCOMPARE(line.lesson, lesson);
        QCOMPARE(line.file, lesson);
        QVERIFY(!line.headless);

        line = parseCommandLine({"--headless", lesson, "--steps", "5"});
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
        QCOMPARE(line.run.lesson, lesson);
        QCOMPARE(line.run.steps.value_or(0), 5L);
    }

    void badFileArguments() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString lesson = dir.filePath("a.bnlesson");
        QVERIFY(
            QFile::copy(QStringLiteral(BNLAB_RESOURCES_DIR "/lessons/01-stationary.json"), lesson));
        const QString run = dir.filePath("r.bnlab");
        QFile f(run);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();

        QVERIFY(parseCommandLine({dir.filePath("missing.bnlesson")})
                    .error.contains("unexpected argument"));
        QVERIFY(parseCommandLine({lesson, lesson}).error.contains("one file at most"));
        QVERIFY(parseCommandLine({"--lesson", "1", lesson}).error.contains("give one"));
        QCOMPARE(parseCommandLine({run}).runFile, run); // a recorded run opens in the window
        QVERIFY(parseCommandLine({"--headless", run}).error.contains("--open-run"));
    }
};

QTEST_GUILESS_MAIN(TestManPage)
#include "test_man_page.moc"
