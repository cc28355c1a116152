#pragma once
// The memory a run will hold, estimated from its configuration and the size of its data before
// anything runs, and the budget it must fit in. A run whose estimate exceeds the budget is
// refused with the estimate, the budget and the setting to lower; the window's step cap shrinks
// so that the history it records stays inside the budget too.
#include "Config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnlab {

// The shape of a run's data, known before the Trainer exists.
struct DataShape {
    long trainingRows = 0, validationRows = 0;
    long features = 0, classes = 0;
};

struct MemoryPart {
    std::string what;    // "weight snapshots"
    std::string setting; // what to lower: "--eval-every / evaluateEvery"
    double bytes = 0;
};

struct MemoryEstimate {
    // The program itself (Qt, the libraries, the figures' widgets): about 25 MiB measured.
    double programBytes = 32.0 * 1024 * 1024;
    std::vector<MemoryPart> fixed; // held whatever the number of steps
    double perStep = 0;            // history, population records and snapshots, per step
    std::string perStepSetting = "--steps";

    double fixedBytes() const;
    double bytesFor(long steps) const { return fixedBytes() + perStep * double(steps); }
    const MemoryPart& largestFixed() const;
};

// PreciseBN holds at most one chunk of its batches at a time (inputs and the activations of
// the training-mode pass), however many batches it averages.
inline constexpr long PreciseBnChunkBatches = 32;
double preciseBnBytes(const TrainingConfig& config, const DataShape& data);

MemoryEstimate estimateRunMemory(const TrainingConfig& config, const DataShape& data);

// The budget in bytes: the one set with setMemoryBudget, else defaultMemoryBudget().
std::uint64_t memoryBudget();
void setMemoryBudget(std::uint64_t bytes); // 0: back to the default
// Half of the machine's physical memory (and of the address-space limit, if one is set).
std::uint64_t defaultMemoryBudget();

// "1.5 GiB", "12 MiB".
std::string formatBytes(double bytes);

// Throws ConfigError when the run's fixed part, or `steps` steps of it, exceed `budget`; the
// message states the estimate, the budget and the setting to lower.
void requireWithinBudget(const MemoryEstimate& estimate, long steps, std::uint64_t budget);
// The most steps (up to `cap`) whose history fits in `budget`; 0 if not even the fixed part fits.
long stepsWithinBudget(const MemoryEstimate& estimate, long cap, std::uint64_t budget);

} // namespace bnlab
