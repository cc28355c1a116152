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

// The same curve, grown with the record: each extend() continues every feature's estimate from
// the last population point it reached, so a live run pays only for its new steps instead of
// replaying the whole record again. The points it returns, joined, equal errorVsPopulation's on
// the whole record, bit for bit (the same updates and sums, in the same order). It keeps only
// each feature's estimate, not the curve.
class ErrorCurveTracker {
  public:
    ErrorCurveTracker(int layer, const EstimatorSpec& spec) : layer_(layer), spec_(spec) {}

    int layer() const { return layer_; }
    const EstimatorSpec& spec() const { return spec_; }
    std::size_t points() const { return points_; } // returned so far

    // Returns the curve's points for the population points that the record `stats` reaches and
    // earlier calls did not. `population` holds the layer's population points from index
    // `offset` of the whole record on; offset ≤ points(). The record and the population must be
    // the ones of the earlier calls, grown.
    ErrorCurve extend(const BatchStatsView& stats, const LayerPopulation& population,
                      std::size_t offset = 0);

  private:
    int layer_;
    EstimatorSpec spec_;
    std::vector<ScalarEstimate> features_; // each feature's estimate after step done_
    long done_ = 0;
    std::size_t points_ = 0;
};

} // namespace bnlab
