#pragma once
// Sentences that explain a plot which would otherwise look empty or broken: a feature whose
// mean is 0 at every step by construction (the hidden BN layer right after the input BN: the
// input BN removes each batch's mean and neither its shift nor the next bias gets a gradient
// through the next BN), or a unit that is 0 for every sample (a dead ReLU). Tracked
// incrementally over the recorded batch statistics of one BN layer.
#include "History.h"
#include "Trainer.h"

#include <QString>
#include <vector>

namespace bnlab {

struct FeatureNotes {
    QString mean, variance, error; // "" where there is nothing to explain
};

class ConstantFeatureTracker {
  public:
    // Forgets everything: a new run, layer or feature.
    void reset(int layer, Eigen::Index feature);
    bool tracks(int layer, Eigen::Index feature) const {
        return layer == layer_ && feature == feature_;
    }
    // Reads the steps recorded since the last call; returns the notes for the selection.
    FeatureNotes update(const BatchStatsView& stats, const RunInfo& info);

  private:
    int layer_ = 0;
    Eigen::Index feature_ = 0;
    long steps_ = 0;
    std::vector<double> maxAbsMean_, maxVar_; // per feature of the layer, over all steps
};

} // namespace bnlab
