#pragma once
// `bnlab --headless --open-run RUN.bnlab`: figures, CSV files and a summary of a recorded run.
#include "CommandLine.h"
#include "HeadlessRun.h"

#include <QTextStream>

namespace bnlab {

int runOpenedRunHeadless(const HeadlessOptions& options, QTextStream& out, QTextStream& err);

} // namespace bnlab
