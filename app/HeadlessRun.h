#pragma once
// `bnlab --headless`: trains a lesson or configuration for N steps on the calling thread,
// writes figures and CSV files, and prints a one-screen summary. Bad usage or input is found
// before anything is written; every file is written atomically.
#include "CommandLine.h"

#include <QStringList>
#include <QTextStream>

namespace bnlab {

enum HeadlessExit {
    ExitOk = 0,
    ExitWriteFailed = 1, // a file could not be written after training
    ExitBadInput = 2,    // bad usage, input or configuration; unwritable --out (nothing written)
    ExitDiverged = 3,    // the run diverged; files up to the divergence were written
};

// `arguments` follow the program name (--headless may be left out). Figures need a
// QApplication; without one, ask for --outputs without figures.
int runHeadless(const QStringList& arguments, QTextStream& out, QTextStream& err);
int runHeadless(const HeadlessOptions& options, QTextStream& out, QTextStream& err);

} // namespace bnlab
