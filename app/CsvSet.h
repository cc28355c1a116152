#pragma once
// A run's CSV tables written as a set (OutputSet.h): trace.csv, eval.csv and train.csv appear
// in their folder together or not at all, for headless runs and the window's "Export data".
#include "History.h"
#include "RunningStats.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace bnlab {

// The tables of one run and which of them to write.
struct CsvTables {
    const History* history = nullptr;
    std::vector<EstimatorSpec> traceSpecs; // trace.csv's EMA columns …
    QStringList traceLabels;               // … headed by these labels
    QStringList evalLabels;                // eval.csv's labels of the estimator bank
    bool trace = true, eval = true, train = true;
};

// Writes the selected tables into `directory` (a set's staging folder) in the order trace,
// eval, train; appends each written name to `written`. Returns the first problem, or an empty
// string.
QString writeCsvTables(const CsvTables& tables, const QString& directory, QStringList& written);

// The window's export: the selected tables land in `folder` (created if needed) as a set that
// replaces only its namesakes; the folder's other files stay. Returns the problem, if any —
// the folder then holds its earlier files, unchanged. Never throws (out of memory included).
QString exportCsvSet(const CsvTables& tables, const QString& folder);

} // namespace bnlab
