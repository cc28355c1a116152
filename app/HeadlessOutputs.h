#pragma once
// What a headless run writes, trained or recorded (--open-run): its CSV tables and figures,
// as one set (OutputSet.h) in --out, and the line that tells which files were written.
#include "CommandLine.h"
#include "CsvSet.h"
#include "HeadlessFigures.h"
#include "OutputSet.h"

#include <QTextStream>

namespace bnlab {

struct HeadlessOutputData {
    CsvTables tables; // which tables is taken from the options
    const RunInfo* info = nullptr;
    ViewSettings view;
    std::vector<EstimatorSpec> bank;      // the figures' estimator bank
    std::vector<ReevaluatedPoint> slider; // the slider's accuracy
    QString caption;                      // the figures' caption
};

// Writes the outputs chosen in `options` into `set` (prepared on options.outDir) and publishes
// it. `written` receives the files' names, or stays empty if the set was not published (then
// --out holds its earlier files). Returns the problem, if any.
QString writeHeadlessOutputs(const HeadlessOptions& options, OutputSet& set,
                             HeadlessOutputData data, QStringList& written);

// "Wrote 3 files to DIR: trace.csv, …" (nothing if none was written).
void reportWrittenFiles(QTextStream& out, const QString& outDir, const QStringList& written);

} // namespace bnlab
