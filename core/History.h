#pragma once
// The record of a run: every step's batch statistics, the population statistics and
// evaluations where computed, and weight snapshots. Batch statistics are kept one append-only
// column per feature (contiguous for a feature's replay), and can be read from another thread
// through a BatchStatsView while the owner appends.
#include "ChunkedColumn.h"
#include "Mlp.h"

#include <memory>
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
    std::vector<Evaluation> estimators;    // one per entry of the configuration's estimator bank
    std::shared_ptr<const Vector> weights; // the weights evaluated (null if snapshots are off)
};

// A consistent, cheap-to-copy view of the batch statistics of the first steps() steps.
class BatchStatsView {
  public:
    long steps() const { return steps_; }
    int batchSize() const { return batchSize_; }
    int layers() const { return int(columns_.size()); }
    Eigen::Index features(int layer) const {
        return Eigen::Index(columns_[std::size_t(layer)].size());
    }
    const ChunkedColumn::View& means(int layer, Eigen::Index feature) const {
        return columns_[std::size_t(layer)][std::size_t(feature)].mean;
    }
    const ChunkedColumn::View& vars(int layer, Eigen::Index feature) const {
        return columns_[std::size_t(layer)][std::size_t(feature)].var;
    }
    // The normalization count m of each step of a layer (index t − 1), or null when every step
    // of every layer normalized over batchSize() values (runs of BN Lab's own MLP).
    const int* counts(int layer) const {
        const auto& c = counts_.empty() ? nullptr : counts_[std::size_t(layer)];
        return c ? c->data() : nullptr;
    }
    int count(int layer, std::size_t index) const {
        const int* c = counts(layer);
        return c ? c[index] : batchSize_;
    }

  private:
    friend class History;
    struct Columns {
        ChunkedColumn::View mean, var;
    };
    std::vector<std::vector<Columns>> columns_;                   // [layer][feature]
    std::vector<std::shared_ptr<const std::vector<int>>> counts_; // [layer], see counts()
    long steps_ = 0;
    int batchSize_ = 0;
};

class History {
  public:
    History() = default;
    History(std::vector<Eigen::Index> bnFeatures, int batchSize);

    void append(const StepRecord& record);
    void append(PopulationRecord record) {
        preciseBnRecords_ += record.precise ? 1 : 0;
        population_.push_back(std::move(record));
    }
    void append(EvalRecord record) { evaluations_.push_back(std::move(record)); }
    void clear();

    // Loading a recorded run (RunFile): whole columns at once, which is much faster than a
    // StepRecord per step. Call appendTrainingCurves first (it fixes steps()), then one
    // appendBatchColumns per feature with steps() values each, and setCounts for layers whose
    // normalization count is not batchSize() at every step (a BatchNorm2d's N·H·W, a smaller
    // last batch).
    void appendTrainingCurves(std::vector<double> loss, std::vector<double> accuracy,
                              std::vector<double> learningRate, std::vector<long> epoch);
    void appendBatchColumns(int layer, Eigen::Index feature, const double* mean, const double* var,
                            std::size_t n);
    void setCounts(int layer, std::vector<int> counts);
    // The normalization count of `layer` at `step` (from 1).
    int count(int layer, long step) const {
        const auto& c = counts_.empty() ? nullptr : counts_[std::size_t(layer)];
        return c ? (*c)[std::size_t(step - 1)] : batchSize_;
    }

    long steps() const { return long(loss_.size()); }
    int batchSize() const { return batchSize_; }
    int layers() const { return int(columns_.size()); }
    Eigen::Index features(int layer) const {
        return Eigen::Index(columns_[std::size_t(layer)].size());
    }

    // Step t is at index t − 1.
    double batchMean(long step, int layer, Eigen::Index feature) const {
        return columns_[std::size_t(layer)][std::size_t(feature)].mean[std::size_t(step - 1)];
    }
    double batchVar(long step, int layer, Eigen::Index feature) const {
        return columns_[std::size_t(layer)][std::size_t(feature)].var[std::size_t(step - 1)];
    }
    BatchStatsView batchStats() const;

    const std::vector<double>& loss() const { return loss_; }
    const std::vector<double>& accuracy() const { return accuracy_; }
    const std::vector<double>& learningRate() const { return learningRate_; }
    const std::vector<long>& epoch() const { return epoch_; }
    const std::vector<PopulationRecord>& population() const { return population_; }
    const std::vector<EvalRecord>& evaluations() const { return evaluations_; }
    // Population records with a PreciseBN estimate: counted as they arrive, since the window's
    // status line asks every frame.
    long preciseBnRecords() const { return preciseBnRecords_; }

    std::size_t memoryBytes() const; // approximate heap use

  private:
    struct Columns {
        ChunkedColumn mean, var;
    };
    std::vector<std::vector<Columns>> columns_;                   // [layer][feature]
    std::vector<std::shared_ptr<const std::vector<int>>> counts_; // [layer]; null: batchSize_
    int batchSize_ = 0;
    std::vector<double> loss_, accuracy_, learningRate_;
    std::vector<long> epoch_;
    std::vector<PopulationRecord> population_;
    long preciseBnRecords_ = 0;
    std::vector<EvalRecord> evaluations_;
};

} // namespace bnlab
