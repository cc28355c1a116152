#pragma once
// The command line of `bnlab`, for the window and for headless runs. Parsing checks the syntax
// and the numbers (and names the option at fault); what the values mean for a run — lesson
// defaults, conventions — is decided by HeadlessPlan.
#include "Config.h"
#include "FigureExport.h"

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <vector>

namespace bnlab {

// Which files a headless run writes.
struct HeadlessOutputs {
    bool figures = true, trace = true, eval = true, train = true;
    bool any() const { return figures || trace || eval || train; }
};

// A headless run's options. Unset values come from the lesson, or else from the defaults.
struct HeadlessOptions {
    QString lesson; // id, title prefix or file
    std::optional<long> steps;
    std::optional<std::uint64_t> seed;
    QString dataset;    // a dataset name or a CSV file; empty = unset
    QString validation; // a CSV file used whole as the validation set; empty = unset
    std::optional<int> samples, classes;
    std::optional<double> noise;
    std::optional<std::vector<int>> hidden;
    std::optional<bool> inputBn;
    std::optional<BnPlacement> placement;
    std::optional<Activation> activation;
    std::optional<int> batchSize;
    std::optional<double> learningRate, sgdMomentum;
    std::optional<Convention> convention;
    QStringList momentaText;     // as written: the CSV headers use these strings
    std::vector<double> momenta; // the same, parsed (in `convention`); NaN: "none" (--open-run)
    std::optional<double> slider;
    std::optional<int> populationEvery, evaluateEvery, preciseBnBatches;
    std::optional<bool> sortedBatches;
    std::vector<FigureFormat> formats{FigureFormat::Png};
    double scale = 1.0;
    HeadlessOutputs outputs;
    QString outDir = QStringLiteral("bnlab-out");
    QString openRun; // a recorded run to render instead of training; empty = train
};

struct CommandLine {
    bool help = false;
    bool headless = false;
    bool presentation = false; // window only
    QString lesson;            // both modes: --lesson, or a lesson FILE given without an option
    QString file;              // the FILE argument as given (a lesson or a run file), if any
    long memoryBudgetMiB = 0;  // both modes; 0 = the default budget
    QString kernels;           // both modes: portable, fma or auto; empty = BNLAB_KERNELS or auto
    QString runFile;           // window only: a recorded run (.bnlab) to open
    HeadlessOptions run;       // headless only
    QString error;             // bad usage: the option and the problem, meant for the user
};

// `arguments` are what follows the program name.
CommandLine parseCommandLine(const QStringList& arguments);
// Makes --kernels (or else BNLAB_KERNELS, or else auto) the kernel path of every model from now
// on. Returns why it cannot (an unknown value, fma on a CPU without it), or an empty string.
QString applyKernelChoice(const CommandLine& line);
QString commandLineHelp();

// The parts of --help, one source for the help text and the man page (ManPage.h).
// The option table the parser reads.
QList<QCommandLineOption> commandLineOptions();
// What the one optional argument, FILE, is.
QString commandLineFileArgument();
// One line on what BN Lab is (after "BN Lab: " in --help, in NAME of the man page).
QString commandLineSummary();
struct UsageLine {
    QString synopsis, what;
};
QList<UsageLine> commandLineUsage();
// Text after the options: output files, exit status, examples. `body` is preformatted lines.
struct HelpSection {
    QString manHeading, helpHeading, body;
};
QList<HelpSection> commandLineNotes();

// A run file (.bnlab) rather than a lesson file.
bool isRunFile(const QString& path);

// File suffix of a figure format ("png", "jpg", "pdf", "svg").
QString figureSuffix(FigureFormat format);

} // namespace bnlab
