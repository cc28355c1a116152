#include "ManPage.h"

#include "CommandLine.h"

#include <QRegularExpression>

namespace bnlab {

namespace {

// Plain text to roff: backslashes escaped, hyphens in option-like words kept as minus signs
// (so they can be searched and copied), and no line may start with a control character.
QString roff(QString text) {
    text.replace('\\', QStringLiteral("\\e"));
    // "--steps", "-h": minus signs in roff; hyphens inside words ("class-sorted") stay hyphens.
    static const QRegularExpression optionDashes(QStringLiteral("(?<![\\w-])(--?)(?=[A-Za-z])"));
    QString out;
    qsizetype from = 0;
    for (const auto& m : optionDashes.globalMatch(text)) {
        out += text.mid(from, m.capturedStart(1) - from);
        out += QStringLiteral("\\-").repeated(m.capturedLength(1));
        from = m.capturedEnd(1);
    }
    out += text.mid(from);
    QStringList lines = out.split('\n');
    for (QString& line : lines)
        if (line.startsWith('.') || line.startsWith('\''))
            line.prepend(QStringLiteral("\\&"));
    return lines.join('\n');
}

QString optionNames(const QCommandLineOption& option) {
    QStringList names;
    for (const QString& name : option.names())
        names << QStringLiteral("\\fB%1%2\\fR")
                     .arg(name.size() == 1 ? QStringLiteral("\\-") : QStringLiteral("\\-\\-"),
                          name);
    QString text = names.join(QStringLiteral(", "));
    if (!option.valueName().isEmpty())
        text += QStringLiteral(" \\fI%1\\fR").arg(roff(option.valueName()));
    return text;
}

QString preformatted(const QString& body) {
    return QStringLiteral(".PP\n.RS 4\n.nf\n%1\n.fi\n.RE\n").arg(roff(body));
}

} // namespace

QString commandLineManPage(const QString& version, const QString& date) {
    QString page;
    page += QStringLiteral(".\\\" -*- coding: UTF-8 -*-\n"
                           ".\\\" Generated from the option table of bnlab --help "
                           "(app/CommandLine.cpp); do not edit.\n");
    page +=
        QStringLiteral(".TH BNLAB 1 \"%1\" \"BN Lab %2\" \"User Commands\"\n").arg(date, version);
    page += QStringLiteral(".SH NAME\nbnlab \\- %1\n").arg(roff(commandLineSummary()));

    page += QStringLiteral(".SH SYNOPSIS\n");
    for (const UsageLine& line : commandLineUsage())
        page += QStringLiteral("%1\n.br\n").arg(roff(line.synopsis));

    page += QStringLiteral(".SH DESCRIPTION\n");
    page += roff(QStringLiteral(
                "BN Lab teaches how and why Batch Normalization keeps moving averages (EMA) of "
                "its statistics. A small network trains on a worker thread; the window draws "
                "each BN feature's batch statistics, the exact population statistics and the "
                "running averages of any momentum chasing them.")) +
            QStringLiteral("\n.PP\n");
    QStringList modes;
    for (const UsageLine& line : commandLineUsage())
        modes << QStringLiteral(".TP\n\\fB%1\\fR\n%2\n").arg(roff(line.synopsis), roff(line.what));
    page += QStringLiteral("The command has three forms:\n") + modes.join(QString());

    page += QStringLiteral(".SH ARGUMENTS\n.TP\n\\fIFILE\\fR\n%1\n")
                .arg(roff(commandLineFileArgument()));

    page += QStringLiteral(".SH OPTIONS\n");
    for (const QCommandLineOption& option : commandLineOptions()) {
        if (option.flags().testFlag(QCommandLineOption::HiddenFromHelp))
            continue;
        page +=
            QStringLiteral(".TP\n%1\n%2\n").arg(optionNames(option), roff(option.description()));
    }

    for (const HelpSection& note : commandLineNotes()) {
        page += QStringLiteral(".SH %1\n").arg(note.manHeading);
        // "Exit status:" under EXIT STATUS says nothing new; "Headless runs write into" does.
        if (note.helpHeading.compare(note.manHeading, Qt::CaseInsensitive) != 0)
            page += roff(note.helpHeading) + QStringLiteral(":\n");
        page += preformatted(note.body);
    }

    page +=
        QStringLiteral(".SH SEE ALSO\n"
                       "The README and the lesson file format: \\fI/usr/share/doc/bnlab/\\fR.\n");
    return page;
}

} // namespace bnlab
