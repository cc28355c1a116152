// Fuzz target: the command-line parser. The input is one argument per line; any arguments must
// parse or give an error message, never a crash.
#include "CommandLine.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const QStringList arguments = text.split(QLatin1Char('\n'));
    const bnlab::CommandLine line = bnlab::parseCommandLine(arguments);
    (void)line;
    return 0;
}
