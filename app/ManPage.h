#pragma once
// The man page bnlab(1), written from the same option table and notes as `bnlab --help`
// (CommandLine.h), so the two cannot drift apart. Built into share/man/man1/bnlab.1 at build
// time by packaging/tools/GenerateManPage.cpp.
#include <QString>

namespace bnlab {

// roff source of bnlab(1). `date` is the release date shown in the footer (YYYY-MM-DD).
QString commandLineManPage(const QString& version, const QString& date);

} // namespace bnlab
