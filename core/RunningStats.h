#pragma once
// Running (population) statistics of a BatchNorm layer, estimated from the per-step batch
// statistics. Training never reads them, so any estimator can be replayed later from the
// recorded batch means and variances; the same `update` is used online and in replay.
//
// Conventions (both start at mean 0, variance 1):
//   PyTorch  running = (1 − α)·running + α·batch     α = 0.1, variance unbiased (× m/(m−1))
//   Keras    moving  = β·moving + (1 − β)·batch      β = 0.99, variance biased
// Here every EMA is stored by its *decay* β (the weight the old value keeps), so PyTorch's
// α corresponds to β = 1 − α.
#include <Eigen/Core>
#include <string>
#include <vector>

namespace bnlab {

enum class EstimatorKind {
    Ema,         // β·old + (1−β)·batch, starting from initMean/initVar
    DebiasedEma, // EMA from zero, divided by (1 − β^t) — TensorBoard's smoothing, Adam's bias fix
    Cumulative, // plain average of all batches so far (PyTorch momentum=None)
};

enum class Convention { PyTorch, Keras };

struct EstimatorSpec {
    EstimatorKind kind = EstimatorKind::Ema;
    double decay = 0.99;           // β: weight kept by the old value at each step
    bool unbiasedVariance = false; // average m/(m−1)·σ²_B instead of σ²_B
    double initMean = 0.0;
    double initVar = 1.0;

    static EstimatorSpec pytorch(double alpha); // PyTorch BatchNorm momentum α
    static EstimatorSpec pytorchCumulative();   // PyTorch momentum=None
    static EstimatorSpec keras(double beta);    // Keras/Flax momentum β
    static EstimatorSpec debiased(double beta, bool unbiasedVariance);
    static EstimatorSpec cumulative(bool unbiasedVariance);
    // The momentum as a user of `convention` writes it: α for PyTorch, β for Keras.
    static EstimatorSpec inConvention(Convention convention, double momentum);

    double momentumIn(Convention convention) const; // inverse of inConvention
    std::string label() const;                      // e.g. "Keras β=0.99", "PyTorch α=0.1"
    bool operator==(const EstimatorSpec&) const = default;
};

// One scalar feature's estimator. The vector and replay code both call this update, so replay
// equals online bit for bit.
struct ScalarEstimate {
    double accMean, accVar; // EMA accumulators (debiased: the un-corrected ones)
    long steps = 0;
    double decayPower = 1.0; // β^t, for debiasing

    explicit ScalarEstimate(const EstimatorSpec& spec)
        : accMean(spec.kind == EstimatorKind::Ema ? spec.initMean : 0.0),
          accVar(spec.kind == EstimatorKind::Ema ? spec.initVar : 0.0) {}

    // batchVar is the biased batch variance σ²_B over a batch of m samples.
    inline void update(const EstimatorSpec& spec, double batchMean, double batchVar, int m) {
        const double v = spec.unbiasedVariance ? batchVar * double(m) / double(m - 1) : batchVar;
        ++steps;
        double keep = spec.decay;
        if (spec.kind == EstimatorKind::Cumulative)
            keep = 1.0 - 1.0 / double(steps); // running average: the new batch weighs 1/t
        const double take = 1.0 - keep;
        accMean = keep * accMean + take * batchMean;
        accVar = keep * accVar + take * v;
        decayPower *= spec.decay;
    }
    double mean(const EstimatorSpec& spec) const { return corrected(spec, accMean, spec.initMean); }
    double var(const EstimatorSpec& spec) const { return corrected(spec, accVar, spec.initVar); }

  private:
    double corrected(const EstimatorSpec& spec, double acc, double init) const {
        if (spec.kind == EstimatorKind::Ema)
            return acc;
        if (steps == 0)
            return init; // nothing seen yet: fall back to the conventional start
        if (spec.kind == EstimatorKind::DebiasedEma)
            return acc / (1.0 - decayPower);
        return acc;
    }
};

// The estimator for all features of one BN layer.
class RunningEstimate {
  public:
    RunningEstimate(const EstimatorSpec& spec, Eigen::Index features);

    void update(const Eigen::VectorXd& batchMean, const Eigen::VectorXd& batchVar, int batchSize);
    const EstimatorSpec& spec() const { return spec_; }
    Eigen::VectorXd mean() const;
    Eigen::VectorXd var() const;
    long steps() const { return features_.empty() ? 0 : features_.front().steps; }

  private:
    EstimatorSpec spec_;
    std::vector<ScalarEstimate> features_;
};

} // namespace bnlab
