#pragma once
// The record of a run: every step's batch statistics, the population statistics and
// evaluations where computed, and weight snapshots. Stored column-wise in flat arrays, so a
// 100 000-step run is a few contiguous buffers and the replay of one feature is a strided scan.
#include "Mlp.h"

#include <optional>
#include <vector>

namespace bnlab {

// What one training step t (counting from 1) produced. The batch statistics were computed with
// the weights before the update of step t.
struct StepRecord {
    long step = 0;
    double loss = 0.0, accuracy = 0.0, learningRate = 0.0;
    long epoch = 0;
    LayerStats batch; // batch mean and biased batch variance of every BN layer
};

// Population statistics at the weights after step `step` (step 0: at initialization).
struct PopulationRecord {
    long step = 0;
    LayerStats exact;
    std::optional<PreciseBnEstimate> precise;
};

// Validation after step `step`, in the three ways BN can be run at inference.
struct EvalRecord {
    long step = 0;
    Evaluation batchStatistics;
    Evaluation population;
    std::vector<Evaluation> estimators; // one per entry of the configuration's estimator bank
    Vector weights;                     // the weights evaluated (empty if snapshots are off)
};

class History {
  public:
    History() = default;
    History(std::vector<Eigen::Index> bnFeatures, int batchSize);

    void append(const StepRecord& record);
    void append(const PopulationRecord& record) { population_.push_back(record); }
    void append(EvalRecord record) { evaluations_.push_back(std::move(record)); }
    void clear();

    long steps() const { return long(loss_.size()); }
    int batchSize() const { return batchSize_; }
    int layers() const { return int(features_.size()); }
    Eigen::Index features(int layer) const { return features_[std::size_t(layer)]; }

    // Step t is at index t − 1.
    double batchMean(long step, int layer, Eigen::Index feature) const {
        return means_[std::size_t(layer)][index(step, layer, feature)];
    }
    double batchVar(long step, int layer, Eigen::Index feature) const {
        return vars_[std::size_t(layer)][index(step, layer, feature)];
    }
    const std::vector<double>& loss() const { return loss_; }
    const std::vector<double>& accuracy() const { return accuracy_; }
    const std::vector<double>& learningRate() const { return learningRate_; }
    const std::vector<long>& epoch() const { return epoch_; }
    const std::vector<PopulationRecord>& population() const { return population_; }
    const std::vector<EvalRecord>& evaluations() const { return evaluations_; }

    std::size_t memoryBytes() const; // approximate heap use

  private:
    std::size_t index(long step, int layer, Eigen::Index feature) const {
        return std::size_t(step - 1) * std::size_t(features_[std::size_t(layer)]) +
               std::size_t(feature);
    }
    std::vector<Eigen::Index> features_;
    int batchSize_ = 0;
    std::vector<std::vector<double>> means_, vars_; // [layer][step·features + feature]
    std::vector<double> loss_, accuracy_, learningRate_;
    std::vector<long> epoch_;
    std::vector<PopulationRecord> population_;
    std::vector<EvalRecord> evaluations_;
};

} // namespace bnlab
