#include "InferenceCost.h"

namespace bnlab {

InferenceCost inferenceCost(const History& history, const TrainingConfig& config,
                            long trainingSetSize) {
    InferenceCost cost;
    cost.steps = history.steps();
    cost.trainingSamples = cost.steps * long(config.batchSize);
    // Counted from what was recorded, not from the schedule: a run that diverged, or whose
    // configuration has PreciseBN off, costs only what it really computed.
    cost.preciseBnPasses = history.preciseBnRecords();
    cost.preciseBnSamples =
        cost.preciseBnPasses * long(config.preciseBnBatches) * long(config.batchSize);
    cost.populationPasses = long(history.evaluations().size());
    cost.populationSamples = cost.populationPasses * trainingSetSize;
    return cost;
}

} // namespace bnlab
