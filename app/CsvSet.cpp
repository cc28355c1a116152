#include "CsvSet.h"

#include "CsvExport.h"
#include "OutputSet.h"

#include <QDir>
#include <new>

namespace bnlab {

QString writeCsvTables(const CsvTables& tables, const QString& directory, QStringList& written) {
    const QDir dir(directory);
    const auto note = [&](const char* name, const QString& problem) {
        if (problem.isEmpty()) {
            written << QString::fromLatin1(name);
            afterOutputFileWritten();
        }
        return problem;
    };
    if (tables.trace)
        if (QString e = note("trace.csv",
                             writeTraceCsv(*tables.history, tables.traceSpecs, tables.traceLabels,
                                           dir.filePath(QStringLiteral("trace.csv"))));
            !e.isEmpty())
            return e;
    if (tables.eval)
        if (QString e = note("eval.csv", writeEvalCsv(*tables.history, tables.evalLabels,
                                                      dir.filePath(QStringLiteral("eval.csv"))));
            !e.isEmpty())
            return e;
    if (tables.train)
        if (QString e = note("train.csv", writeTrainCsv(*tables.history,
                                                        dir.filePath(QStringLiteral("train.csv"))));
            !e.isEmpty())
            return e;
    return {};
}

QString exportCsvSet(const CsvTables& tables, const QString& folder) {
    // The staging folder (and whatever it holds) is removed on every way out but publishing.
    try {
        OutputSet set(QStringLiteral("the export folder"), OutputSet::Replaces::OnlyWritten);
        if (QString problem = set.prepare(folder); !problem.isEmpty())
            return problem;
        QStringList written;
        if (QString problem = writeCsvTables(tables, set.stagingDirectory(), written);
            !problem.isEmpty())
            return problem + QStringLiteral("; the earlier files in %1 are unchanged")
                                 .arg(QDir::toNativeSeparators(folder));
        return set.publish();
    } catch (const std::bad_alloc&) {
        return QStringLiteral("not enough memory to write the CSV files; the earlier files in %1 "
                              "are unchanged")
            .arg(QDir::toNativeSeparators(folder));
    } catch (const std::exception& e) {
        return QStringLiteral("cannot write the CSV files (%1); the earlier files in %2 are "
                              "unchanged")
            .arg(QString::fromUtf8(e.what()), QDir::toNativeSeparators(folder));
    }
}

} // namespace bnlab
