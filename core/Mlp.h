#pragma once
// A multilayer perceptron with BatchNorm, softmax and cross-entropy, written out by hand so a
// student can read it beside the BN paper. Layout per hidden layer:
//   BN before the activation (the paper):  Linear → BN → act
//   BN after the activation:               Linear → act → BN
// optionally preceded by a BN on the raw inputs, and followed by Linear → softmax.
// All parameters live in one flat vector (cheap snapshots, a one-line SGD step).
#include "BatchNorm.h"
#include "Config.h"
#include "Kernels.h"
#include "Rng.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnlab {

// Statistics of every BN layer (mean and variance per feature), in order from the input.
struct LayerStats {
    std::vector<Vector> mean;
    std::vector<Vector> var;
};

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

// PreciseBN (the paper's Algorithm 2, steps 8–11): weights frozen, N training batches
// through the training-mode network. Two estimators of each layer's population statistics.
struct PreciseBnEstimate {
    LayerStats paper;  // E[μ_B] and m/(m−1)·E[σ²_B]
    LayerStats pooled; // E[x] and E[x²] − E[x]² over all samples of the N batches
};

// Running sums of per-batch statistics over the batches of a PreciseBN pass, per BN layer:
// Σμ_B, Σσ²_B and Σ(σ²_B + μ_B²), added batch after batch in order.
struct PreciseBnSums {
    std::vector<Vector> mean, var, square;
    long batches = 0;
    Eigen::Index batchSize = 0;
    PreciseBnEstimate estimate() const; // the paper's and the pooled estimators
};

struct ParameterGroup {
    std::string name; // e.g. "linear1.weight", "bn0.gamma"
    Eigen::Index offset;
    Eigen::Index size;
    bool decays; // weight decay applies (linear weights only)
};

class Mlp {
  public:
    Mlp(const ModelConfig& config, int inputs, int classes, Rng& initRng);

    int bnLayerCount() const { return int(bnFeatures_.size()); }
    Eigen::Index bnFeatures(int layer) const { return bnFeatures_[std::size_t(layer)]; }
    std::string bnLayerName(int layer) const;
    const std::vector<ParameterGroup>& parameterGroups() const { return groups_; }

    Vector& parameters() { return params_; }
    const Vector& parameters() const { return params_; }
    const Vector& gradient() const { return grad_; }
    // The arithmetic of the matrix products (Kernels.h): the default path when the model was
    // made; copies keep it, so a run's observation computes exactly as its training does.
    KernelPath kernelPath() const { return kernels_; }

    // Training mode on one batch: normalizes with batch statistics, writes them to `batchStats`
    // (biased variances) and the exact gradient of the mean cross-entropy to gradient().
    Evaluation trainStep(const Matrix& x, const std::vector<int>& y, LayerStats& batchStats);
    // The training-mode loss alone (for finite-difference checks).
    double trainLoss(const Matrix& x, const std::vector<int>& y) const;

    // Inference with the given statistics in every BN layer.
    Evaluation evaluate(const Matrix& x, const std::vector<int>& y, const LayerStats& stats) const;
    // Inference with each batch's own statistics (as if BN stayed in training mode).
    Evaluation evaluateWithBatchStatistics(const Matrix& x, const std::vector<int>& y,
                                           int batchSize) const;
    // Exact statistics of every BN layer's input over all rows of x, at the current weights,
    // earlier BN layers normalizing by their own exact statistics. Variances are biased (1/N).
    LayerStats populationStatistics(const Matrix& x) const;
    PreciseBnEstimate preciseBn(const std::vector<Matrix>& batches) const;
    // PreciseBN on many batches in one pass: the rows of x are consecutive batches of
    // `batchSize` rows each, weights frozen. Every BN layer takes each batch's statistics from its
    // own segment of rows and normalizes that segment with them, exactly as if the batches went
    // through one after another; their statistics are added to `sums` in batch order.
    void accumulatePreciseBn(const Matrix& x, Eigen::Index batchSize, PreciseBnSums& sums) const;
    PreciseBnSums emptyPreciseBnSums(Eigen::Index batchSize) const;

  private:
    enum class OpKind { Linear, BatchNorm, Activation };
    struct Op {
        OpKind kind;
        Eigen::Index in, out;
        Eigen::Index weight = 0, bias = 0; // offsets: W (in×out) and b, or γ and β
        int bn = -1;                       // index of the BN layer
    };
    enum class StatsMode { Batch, Given, Population };

    // Runs the network; fills `acts` (input of every op, then the logits) and, in Batch mode,
    // the batch statistics and BN caches. In Population mode it writes the statistics it used.
    // In Given and Population modes a BN layer followed by ReLU writes only the ReLU's output.
    // Only the first `opCount` ops run (all by default).
    void forward(const Matrix& x, StatsMode mode, LayerStats& stats, std::vector<Matrix>& acts,
                 std::vector<BatchNormCache>* caches, std::size_t opCount = SIZE_MAX) const;
    Evaluation lossAndAccuracy(const Matrix& logits, const std::vector<int>& y,
                               Matrix* dlogits) const;
    Eigen::Map<const Matrix> weight(const Op& op) const;
    Eigen::Map<const Vector> vec(Eigen::Index offset, Eigen::Index size) const;

    ModelConfig config_;
    KernelPath kernels_;
    std::vector<Op> ops_;
    std::vector<Eigen::Index> bnFeatures_;
    std::size_t lastBnOp_ = 0; // ops up to and including the last BN layer
    std::vector<ParameterGroup> groups_;
    Vector params_, grad_;
    // Workspaces reused by trainStep (no allocation per step once warm).
    std::vector<Matrix> acts_;
    std::vector<BatchNormCache> caches_;
    Matrix delta_, deltaPrev_;
};

} // namespace bnlab
