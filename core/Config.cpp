#include "Config.h"

#include "Errors.h"
#include "Limits.h"

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

void validateRanges(const TrainingConfig& c) {
    using namespace limits;
    const DatasetSpec& d = c.data;
    const bool synthetic = d.kind != DatasetKind::Digits && d.kind != DatasetKind::CsvFile;
    if (synthetic) {
        requireWithin(Samples, d.samples);
        requireWithin(Noise, d.noise);
        if (d.kind == DatasetKind::Blobs || d.kind == DatasetKind::Spirals)
            requireWithin(Classes, d.classes);
    }
    if (d.validationPath.empty())
        requireWithin(ValidationFraction, d.validationFraction);
    requireWithin(HiddenLayers, double(c.model.hidden.size()));
    for (std::size_t i = 0; i < c.model.hidden.size(); ++i)
        if (!HiddenWidth.contains(c.model.hidden[i]))
            reject("hidden layer " + std::to_string(i + 1) + " has width " +
                   std::to_string(c.model.hidden[i]) + ": every layer needs a width in " +
                   HiddenWidth.range());
    requireWithin(BnEpsilon, c.model.bnEpsilon);
    if (c.batchSize < 2)
        reject("batch size " + std::to_string(c.batchSize) +
               " is too small: BatchNorm needs at least 2 samples in a batch to compute a "
               "variance");
    requireWithin(BatchSize, c.batchSize);
    const auto& o = c.optimizer;
    requireWithin(LearningRate, o.learningRate);
    requireWithin(SgdMomentum, o.sgdMomentum);
    requireWithin(WeightDecay, o.weightDecay);
    if (o.schedule == LrSchedule::StepDecay) {
        requireWithin(StepDecayEvery, o.stepDecayEvery);
        requireWithin(StepDecayFactor, o.stepDecayFactor);
    }
    if (o.schedule == LrSchedule::Cosine) {
        requireWithin(CosineSteps, o.cosineSteps);
        requireWithin(CosineFloor, o.cosineFloor);
    }
    for (const auto& e : c.estimators)
        if (e.kind != EstimatorKind::Cumulative)
            checkMomentum("BN momentum", e.decay);
    requireWithin(Seed, double(c.seed));
    requireWithin(PopulationEvery, c.populationEvery);
    requireWithin(PreciseBnBatches, c.preciseBnBatches);
    requireWithin(EvaluateEvery, c.evaluateEvery);
    if (c.shift.enabled) {
        requireWithin(ShiftAtStep, double(c.shift.atStep));
        requireWithin(ShiftOffset, c.shift.shift);
        requireWithin(ShiftScale, c.shift.scale);
    }
}

void validate(const TrainingConfig& c, long trainingSamples, const std::string& trainingSource) {
    validateRanges(c);
    if (c.batchSize > trainingSamples)
        reject("batch size " + std::to_string(c.batchSize) + " is larger than the training set" +
               (trainingSource.empty() ? std::string() : " from " + trainingSource) + " (" +
               std::to_string(trainingSamples) + " samples)");
}

} // namespace bnlab
