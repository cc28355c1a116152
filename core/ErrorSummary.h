#pragma once
// How far an estimator's running statistics are from the population statistics of the same
// step, summarized over all features of a layer so a 128-feature layer still gives one curve:
//   mean error     = RMS over features of |EMA mean − population mean| / population std
//   variance error = RMS over features of |EMA var − population var| / population var
// (over the features that vary; a step where none does reports 0)
// High momentum lags (large error that decays slowly after a change), low momentum is noisy
// (an error floor set by batch-to-batch fluctuation).
#include "History.h"
#include "RunningStats.h"

#include <vector>

namespace bnlab {

// Features whose population variance is at most this are constant: left out of the summary.
inline constexpr double DeadFeatureVariance = 1e-12;

struct ErrorCurve {
    std::vector<long> steps; // the steps where population statistics exist (step ≥ 1)
    std::vector<double> meanError;
    std::vector<double> varError;
};

// The population statistics of one layer, copied out so the computation can run anywhere.
struct LayerPopulation {
    std::vector<long> steps;
    std::vector<Vector> mean, var;
};
LayerPopulation layerPopulation(const std::vector<PopulationRecord>& records, int layer);

ErrorCurve errorVsPopulation(const BatchStatsView& stats, const LayerPopulation& population,
                             int layer, const EstimatorSpec& spec);

} // namespace bnlab
