#include "Limits.h"

#include "Errors.h"

#include <charconv>
#include <cmath>

namespace bnlab {

bool Limit::contains(double value) const {
    if (!std::isfinite(value))
        return false;
    if (integer && value != std::floor(value))
        return false;
    return (openMin ? value > min : value >= min) && value <= max;
}

std::string formatLimitNumber(double value) {
    char buf[32];
    // Whole numbers up to 2^53 print in full ("1000000", not "1e+06"): they are typed as such.
    if (value == std::floor(value) && std::fabs(value) <= 9007199254740992.0) {
        const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value));
        return std::string(buf, r.ptr);
    }
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

std::string Limit::range() const {
    return std::string(openMin ? "(" : "[") + formatLimitNumber(min) + ", " +
           formatLimitNumber(max) + "]";
}

std::string Limit::problem(double value) const {
    if (contains(value))
        return {};
    const std::string shown = std::isfinite(value) ? formatLimitNumber(value) : "not finite";
    if (integer && std::isfinite(value) && value != std::floor(value))
        return std::string(name) + " " + shown + " is not a whole number";
    return std::string(name) + " " + shown + " is outside " + range();
}

void requireWithin(const Limit& limit, double value) {
    if (const std::string p = limit.problem(value); !p.empty())
        throw ConfigError(p);
}

const std::vector<const Limit*>& allLimits() {
    using namespace limits;
    static const std::vector<const Limit*> all{&Steps,           &Seed,
                                               &Samples,         &Noise,
                                               &Classes,         &ValidationFraction,
                                               &HiddenWidth,     &HiddenLayers,
                                               &BnEpsilon,       &BatchSize,
                                               &LearningRate,    &SgdMomentum,
                                               &WeightDecay,     &StepDecayEvery,
                                               &StepDecayFactor, &CosineSteps,
                                               &CosineFloor,     &ShiftAtStep,
                                               &ShiftOffset,     &ShiftScale,
                                               &PopulationEvery, &PreciseBnBatches,
                                               &EvaluateEvery,   &BnMomentum,
                                               &FigureScale,     &MemoryBudgetMiB};
    return all;
}

} // namespace bnlab
