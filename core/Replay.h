#pragma once
// Replay: the running statistics of any estimator, recomputed from the recorded batch
// statistics. Uses ScalarEstimate::update, the very function the online bank uses, so the
// result equals what the engine would have computed online, bit for bit.
#include "History.h"
#include "RunningStats.h"

#include <vector>

namespace bnlab {

struct ReplayCurve {
    std::vector<double> mean; // value after step t at index t − 1
    std::vector<double> var;
};

// One feature, every step from 1 to stats.steps().
ReplayCurve replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                          const EstimatorSpec& spec);
// Several estimators of one feature in a single pass over the record.
std::vector<ReplayCurve> replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                                       const std::vector<EstimatorSpec>& specs);

// The same into caller-owned curves, whose memory is reused from call to call: a slider drag
// replays many times, and fresh multi-megabyte buffers cost more than the arithmetic.
void replayFeatureInto(const BatchStatsView& stats, int layer, Eigen::Index feature,
                       const std::vector<EstimatorSpec>& specs, std::vector<ReplayCurve>& curves);

// All layers and features, sampled after each of the given steps (ascending; 0 = the initial
// values). Used to re-evaluate the model with any momentum at the recorded weight snapshots.
std::vector<LayerStats> replayAt(const BatchStatsView& stats, const EstimatorSpec& spec,
                                 const std::vector<long>& steps);

inline ReplayCurve replayFeature(const History& h, int layer, Eigen::Index feature,
                                 const EstimatorSpec& spec) {
    return replayFeature(h.batchStats(), layer, feature, spec);
}
inline std::vector<LayerStats> replayAt(const History& h, const EstimatorSpec& spec,
                                        const std::vector<long>& steps) {
    return replayAt(h.batchStats(), spec, steps);
}

} // namespace bnlab
