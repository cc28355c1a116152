#include "FeatureNotes.h"

#include <QObject>
#include <algorithm>
#include <cmath>

namespace bnlab {

namespace {
// A batch variance at most this is a unit that is 0 for every sample of the batch.
constexpr double DeadVariance = 1e-24;
// A mean this small against the feature's spread is 0 up to rounding.
constexpr double ZeroMeanRatio = 1e-9;

QString tr(const char* text) {
    return QObject::tr(text);
}
} // namespace

void ConstantFeatureTracker::reset(int layer, Eigen::Index feature) {
    layer_ = layer;
    feature_ = feature;
    steps_ = 0;
    maxAbsMean_.clear();
    maxVar_.clear();
}

FeatureNotes ConstantFeatureTracker::update(const BatchStatsView& stats, const RunInfo& info) {
    if (layer_ >= stats.layers() || stats.steps() == 0)
        return {};
    const Eigen::Index features = stats.features(layer_);
    if (Eigen::Index(maxAbsMean_.size()) != features) {
        maxAbsMean_.assign(std::size_t(features), 0.0);
        maxVar_.assign(std::size_t(features), 0.0);
        steps_ = 0;
    }
    for (Eigen::Index f = 0; f < features; ++f) {
        const auto& means = stats.means(layer_, f);
        const auto& vars = stats.vars(layer_, f);
        double m = maxAbsMean_[std::size_t(f)], v = maxVar_[std::size_t(f)];
        for (long t = steps_; t < stats.steps(); ++t) {
            m = std::max(m, std::abs(means[std::size_t(t)]));
            v = std::max(v, vars[std::size_t(t)]);
        }
        maxAbsMean_[std::size_t(f)] = m;
        maxVar_[std::size_t(f)] = v;
    }
    steps_ = stats.steps();

    auto dead = [&](std::size_t f) { return maxVar_[f] <= DeadVariance; };
    auto zeroMean = [&](std::size_t f) {
        return !dead(f) && maxAbsMean_[f] <= ZeroMeanRatio * std::sqrt(maxVar_[f]);
    };
    // The hidden BN layer fed (through one linear layer) by the input BN.
    const bool afterInputBn = layer_ == 1 && !info.bnLayerNames.empty() &&
                              info.bnLayerNames.front().find("input") != std::string::npos;
    const auto selected = std::size_t(std::clamp<Eigen::Index>(feature_, 0, features - 1));

    FeatureNotes notes;
    if (dead(selected)) {
        notes.mean = tr("This unit is 0 for every sample at every step so far (a dead ReLU): "
                        "its mean and variance are constant, so there is nothing to average.");
        notes.variance = notes.mean;
    } else if (zeroMean(selected)) {
        notes.mean =
            afterInputBn
                ? tr("This mean is 0 at every step, by construction: the input BN layer removes "
                     "each batch's mean, and neither its shift nor this layer's bias gets a "
                     "gradient through this BN layer, so both stay 0. The variance still moves.")
                : tr("This mean has been 0 at every step so far (within rounding): there is "
                     "nothing for the running averages to chase. The variance still moves.");
    }
    bool allZeroMean = true;
    for (std::size_t f = 0; f < maxVar_.size(); ++f)
        allZeroMean = allZeroMean && (zeroMean(f) || dead(f));
    if (allZeroMean)
        notes.error = tr("Every feature of this layer has mean 0 at every step, so every EMA "
                         "mean is exact: only the variance errors (dashed) are drawn.");
    return notes;
}

} // namespace bnlab
