#pragma once
// The one table of limits: every numeric setting's range, defined once. The command line, the
// lesson reader, the control panel's validators, `--help` and the lesson README all take their
// ranges from here (the README is tested against it). The ranges are what a teaching tool needs,
// not what the types can hold: a 4096-wide layer is already far beyond any lesson, and the
// memory budget (MemoryBudget.h) catches the combinations that are too large together.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bnlab {

struct Limit {
    const char* name;      // in messages: "batch size"
    const char* option;    // command-line option without "--", or "" if it has none
    const char* lessonKey; // key in a lesson file ("config.batchSize"), or "" if none
    double min, max;
    bool integer;         // whole numbers only
    bool openMin = false; // min itself is excluded: (min, max]
    bool cap = false;     // the command line takes more than max and stops there (--steps)

    bool contains(double value) const;
    // "[2, 4096]", "(0, 1]": the form used in --help, messages and the lesson README.
    std::string range() const;
    // Empty if `value` is allowed, else "<name> <value> is outside <range>".
    std::string problem(double value) const;
};

namespace limits {
// The window pauses at this many steps; a headless run asked for more stops there and says so
// (lessons may not suggest more). It bounds the history.
inline constexpr Limit Steps{"steps", "steps", "suggestedSteps", 1, 2'000'000, true, false, true};
inline constexpr Limit Seed{"seed", "seed", "config.seed", 0, 9007199254740992.0, true}; // 2^53
inline constexpr Limit Samples{"samples", "samples", "config.dataset.samples", 2, 1'000'000, true};
inline constexpr Limit Noise{"noise", "noise", "config.dataset.noise", 0, 100, false};
inline constexpr Limit Classes{"classes", "classes", "config.dataset.classes", 2, 100, true};
inline constexpr Limit ValidationFraction{
    "validation fraction", "", "config.dataset.validationFraction", 0, 0.95, false, true};
inline constexpr Limit HiddenWidth{"hidden width", "hidden", "config.model.hidden", 1, 4096, true};
inline constexpr Limit HiddenLayers{"hidden layers", "", "", 0, 16, true};
inline constexpr Limit BnEpsilon{"BN epsilon", "", "config.model.bnEpsilon", 0, 1, false, true};
inline constexpr Limit BatchSize{"batch size", "batch-size", "config.batchSize", 2, 10'000, true};
inline constexpr Limit LearningRate{
    "learning rate", "lr", "config.optimizer.learningRate", 0, 1000, false};
inline constexpr Limit SgdMomentum{
    "SGD momentum", "sgd-momentum", "config.optimizer.sgdMomentum", 0, 1, false};
inline constexpr Limit WeightDecay{"weight decay", "",   "config.optimizer.weightDecay", 0,
                                   1000,           false};
inline constexpr Limit StepDecayEvery{
    "step decay period", "", "config.optimizer.stepDecayEvery", 1, 2'000'000, true};
inline constexpr Limit StepDecayFactor{
    "step decay factor", "", "config.optimizer.stepDecayFactor", 0, 1, false, true};
inline constexpr Limit CosineSteps{"cosine length", "",  "config.optimizer.cosineSteps", 1,
                                   2'000'000,       true};
inline constexpr Limit CosineFloor{"cosine floor", "", "config.optimizer.cosineFloor", 0, 1, false};
inline constexpr Limit ShiftAtStep{"shift step", "", "config.shift.atStep", 0, 2'000'000, true};
inline constexpr Limit ShiftOffset{"shift offset", "", "config.shift.shift", -1e6, 1e6, false};
inline constexpr Limit ShiftScale{"shift scale", "", "config.shift.scale", -1e6, 1e6, false};
inline constexpr Limit PopulationEvery{
    "population interval", "pop-every", "config.populationEvery", 0, 1'000'000, true};
inline constexpr Limit PreciseBnBatches{
    "PreciseBN batches", "precise-bn", "config.preciseBnBatches", 0, 1000, true};
inline constexpr Limit EvaluateEvery{
    "evaluation interval", "eval-every", "config.evaluateEvery", 0, 1'000'000, true};
inline constexpr Limit BnMomentum{"BN momentum", "momenta", "view.sliderMomentum", 0, 1, false};
inline constexpr Limit FigureScale{"figure scale", "scale", "", 0.25, 8, false};
inline constexpr Limit MemoryBudgetMiB{
    "memory budget (MiB)", "memory-budget", "", 64, 16'777'216, true};

// Files and data.
inline constexpr std::uint64_t MaxCsvBytes = 64ull << 20;   // 64 MiB
inline constexpr std::uint64_t MaxLessonBytes = 1ull << 20; // 1 MiB
inline constexpr long MaxCsvColumns = 10'000;
inline constexpr long MaxCsvRows = long(Samples.max);
// Features beyond this magnitude overflow the squares of a variance (or the first layer's
// outputs) long before training could normalize them: the data is refused, not the run.
inline constexpr double MaxFeatureMagnitude = 1e15;
} // namespace limits

// Every limit above, for --help, the README test and the fuzz targets.
const std::vector<const Limit*>& allLimits();

// "2.5", "1000000", "1e+15": numbers as the limits print them (no locale, shortest form).
std::string formatLimitNumber(double value);

// Throws ConfigError if `value` is outside `limit`.
void requireWithin(const Limit& limit, double value);

} // namespace bnlab
