#include "ObservationSpacing.h"

#include <algorithm>
#include <climits>

namespace bnlab {

namespace {
// Costs in "one sample through the network, forward" units, measured on the default networks.
constexpr double TrainingSampleCost = 3.0; // forward and backward of one training sample
// PreciseBN draws each of its batches' rows at random (one draw per row of the batch).
constexpr double DrawCost = 0.3;
// Observation may use this share of the other core's time relative to training's: the rest is
// headroom for the window and for uneven costs.
constexpr double Budget = 0.6;

double observationCostPerStep(const TrainingConfig& c, long train, long validation, int factor) {
    double cost = 0.0;
    const double n = double(train), v = double(validation), m = double(c.batchSize);
    if (c.populationEvery > 0) {
        const double precise = double(c.preciseBnBatches) * m * (1.0 + DrawCost);
        cost += (n + precise) / (double(c.populationEvery) * factor);
    }
    if (c.evaluateEvery > 0) {
        const bool withPopulation =
            c.populationEvery > 0 && c.evaluateEvery % c.populationEvery == 0;
        const double passes = 2.0 + double(c.estimators.size()); // batch, population, bank
        cost += (v * passes + (withPopulation ? 0.0 : n)) / (double(c.evaluateEvery) * factor);
    }
    return cost;
}
} // namespace

ObservationSpacing liveObservationSpacing(const TrainingConfig& c, long trainingSamples,
                                          long validationSamples) {
    ObservationSpacing s{c.populationEvery, c.evaluateEvery, 1};
    if (trainingSamples + validationSamples < LargeDataSamples)
        return s;
    const double training = TrainingSampleCost * double(c.batchSize);
    const int largest = INT_MAX / std::max({1, c.populationEvery, c.evaluateEvery});
    while (s.factor < largest && observationCostPerStep(c, trainingSamples, validationSamples,
                                                        s.factor) > Budget * training)
        s.factor = s.factor < 16 ? s.factor + 1 : s.factor * 2;
    s.populationEvery = c.populationEvery * s.factor;
    s.evaluateEvery = c.evaluateEvery * s.factor;
    return s;
}

TrainingConfig withSpacing(TrainingConfig config, const ObservationSpacing& spacing) {
    config.populationEvery = spacing.populationEvery;
    config.evaluateEvery = spacing.evaluateEvery;
    return config;
}

} // namespace bnlab
