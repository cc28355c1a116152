#include "HeadlessOutputs.h"

#include <QDir>

namespace bnlab {

QString writeHeadlessOutputs(const HeadlessOptions& options, OutputSet& set,
                             HeadlessOutputData data, QStringList& written) {
    written.clear();
    data.tables.trace = options.outputs.trace;
    data.tables.eval = options.outputs.eval;
    data.tables.train = options.outputs.train;
    QString problem = writeCsvTables(data.tables, set.stagingDirectory(), written);
    if (problem.isEmpty() && options.outputs.figures) {
        FigureRequest request;
        request.directory = set.stagingDirectory();
        request.formats = options.formats;
        request.scale = options.scale;
        request.caption = data.caption;
        problem = writeFigures(*data.info, *data.tables.history, data.view, data.bank, data.slider,
                               request, written);
    }
    if (problem.isEmpty())
        problem = set.publish();
    if (!problem.isEmpty())
        written.clear(); // --out holds the earlier files, unchanged
    return problem;
}

void reportWrittenFiles(QTextStream& out, const QString& outDir, const QStringList& written) {
    if (written.isEmpty())
        return;
    out << '\n'
        << "Wrote " << written.size() << (written.size() == 1 ? " file to " : " files to ")
        << QDir::toNativeSeparators(QDir(outDir).absolutePath()) << ": " << written.join(", ")
        << '\n';
}

} // namespace bnlab
