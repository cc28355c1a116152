#pragma once
// A recorded run in a `.bnlab` file (docs/run-format.md): per BN layer and channel every step's
// batch mean, biased batch variance and normalization count, optional population statistics,
// evaluations and training curves, and what produced the run. Written by BN Lab (its own runs)
// and by python/bnlab_record.py (any PyTorch model); opened by the window, the command line and
// the tests. What the file does not hold stays not recorded: NaN in the training curves and
// evaluations, no population record.
#include "History.h"
#include "RunningStats.h"
#include "Trainer.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace bnlab {

constexpr int RunFormatVersion = 1;

// What produced a run, and how to read its evaluations.
struct RunDescription {
    QString program;    // what produced the run, e.g. "BN Lab 1.0", "bnlab_record.py 1"
    QString model;      // a description of the model (PyTorch: str(model))
    QString configJson; // the producer's configuration as compact JSON text ("{}" if none)
    RunInfo info;       // dataset, BN layer names and channel counts
    std::vector<QString> layerTypes;       // "BatchNorm2d", "BN Lab MLP", …
    std::vector<double> layerMomentum;     // as the producer wrote it; NaN = None (cumulative)
    std::vector<EstimatorSpec> estimators; // the estimators evaluations refer to
    QStringList estimatorLabels;           // one per estimator
};

struct RecordedRun {
    RunDescription description;
    History history; // EvalRecords hold NaN where a mode or estimator was not evaluated
};

// The description of a run of BN Lab's own engine.
RunDescription describeRun(const TrainingConfig& config, const RunInfo& info);

// Writes atomically; returns an empty string or a message naming the path and the problem.
QString saveRun(const RunDescription& run, const History& history, const QString& path);

// Throws InputError naming the file, the field and the value for anything it cannot read,
// before allocating for a run larger than RunFileLimits allow.
RecordedRun openRun(const QString& path);

// The bounds a run must satisfy before its arrays are read (one place for all of them).
struct RunFileLimits {
    static constexpr std::uint64_t MaxHeaderBytes = 64ull << 20; // the JSON manifest
    static constexpr std::uint64_t MaxMemoryBytes = 6ull << 30;  // the opened run in memory
    static constexpr long MaxLayers = 10'000;
    static constexpr long MaxChannels = 1'000'000; // per layer
};
// The memory the opened run will take, estimated from the manifest alone: the batch columns
// (in 64 KiB blocks), counts, training curves, population records and evaluations.
std::uint64_t estimatedRunMemory(const std::vector<long>& channels, long steps,
                                 long populationRecords, long evaluations);

} // namespace bnlab
