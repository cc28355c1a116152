#include "Config.h"

#include "Errors.h"

#include <cmath>
#include <numbers>
#include <sstream>

namespace bnlab {

double OptimizerConfig::learningRateAt(long step) const {
    switch (schedule) {
    case LrSchedule::Constant:
        return learningRate;
    case LrSchedule::StepDecay:
        return learningRate * std::pow(stepDecayFactor, double(step / std::max(1, stepDecayEvery)));
    case LrSchedule::Cosine: {
        const double t = std::min(1.0, double(step) / double(std::max(1, cosineSteps)));
        const double floor = cosineFloor * learningRate;
        return floor + 0.5 * (learningRate - floor) * (1.0 + std::cos(std::numbers::pi * t));
    }
    }
    return learningRate;
}

namespace {
[[noreturn]] void reject(const std::string& what) {
    throw ConfigError(what);
}

std::string str(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

void checkMomentum(const char* name, double value) {
    if (!(value >= 0.0 && value <= 1.0))
        reject(std::string(name) + " " + str(value) + " is outside [0, 1]");
}
} // namespace

void validate(const TrainingConfig& c, long trainingSamples) {
    if (c.batchSize < 2)
        reject("batch size " + std::to_string(c.batchSize) +
               " is too small: BatchNorm needs at least 2 samples in a batch to compute a "
               "variance");
    if (c.batchSize > trainingSamples)
        reject("batch size " + std::to_string(c.batchSize) + " is larger than the training set (" +
               std::to_string(trainingSamples) + " samples)");
    for (std::size_t i = 0; i < c.model.hidden.size(); ++i)
        if (c.model.hidden[i] < 1)
            reject("hidden layer " + std::to_string(i + 1) + " has width " +
                   std::to_string(c.model.hidden[i]) + ": every layer needs at least one unit");
    if (!(c.model.bnEpsilon > 0.0))
        reject("BN epsilon " + str(c.model.bnEpsilon) + " must be positive");
    const auto& o = c.optimizer;
    if (!(o.learningRate >= 0.0) || !std::isfinite(o.learningRate))
        reject("learning rate " + str(o.learningRate) + " must be a finite number ≥ 0");
    checkMomentum("SGD momentum", o.sgdMomentum);
    if (!(o.weightDecay >= 0.0))
        reject("weight decay " + str(o.weightDecay) + " must be ≥ 0");
    if (o.schedule == LrSchedule::StepDecay && (o.stepDecayEvery < 1 || !(o.stepDecayFactor > 0)))
        reject("step decay needs a period ≥ 1 and a factor > 0");
    if (o.schedule == LrSchedule::Cosine && o.cosineSteps < 1)
        reject("cosine schedule needs a length ≥ 1 step");
    for (const auto& e : c.estimators)
        if (e.kind != EstimatorKind::Cumulative)
            checkMomentum("BN momentum", e.decay);
    if (c.populationEvery < 0 || c.evaluateEvery < 0 || c.preciseBnBatches < 0)
        reject("population, PreciseBN and evaluation intervals must be ≥ 0");
    if (c.shift.enabled && (!std::isfinite(c.shift.shift) || !std::isfinite(c.shift.scale)))
        reject("distribution shift needs finite shift and scale values");
}

} // namespace bnlab
