#include "Replay.h"

#include <algorithm>

namespace bnlab {

std::vector<ReplayCurve> replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                                       const std::vector<EstimatorSpec>& specs) {
    const std::size_t steps = std::size_t(stats.steps());
    const int m = stats.batchSize();
    std::vector<ReplayCurve> curves(specs.size());
    std::vector<ScalarEstimate> estimates;
    for (std::size_t k = 0; k < specs.size(); ++k) {
        curves[k].mean.resize(steps);
        curves[k].var.resize(steps);
        estimates.emplace_back(specs[k]);
    }
    const auto& means = stats.means(layer, feature);
    const auto& vars = stats.vars(layer, feature);
    std::size_t t = 0;
    // Walk the record block by block (plain arrays in the hot loop).
    means.forEachRun(steps, [&](const double* mean, std::size_t n) {
        std::size_t start = t;
        for (std::size_t k = 0; k < specs.size(); ++k) {
            ScalarEstimate& e = estimates[k];
            const EstimatorSpec& spec = specs[k];
            double* outMean = curves[k].mean.data() + start;
            double* outVar = curves[k].var.data() + start;
            for (std::size_t i = 0; i < n; ++i) {
                e.update(spec, mean[i], vars[start + i], m);
                outMean[i] = e.mean(spec);
                outVar[i] = e.var(spec);
            }
        }
        t = start + n;
    });
    return curves;
}

ReplayCurve replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                          const EstimatorSpec& spec) {
    return std::move(replayFeature(stats, layer, feature, std::vector<EstimatorSpec>{spec})[0]);
}

std::vector<LayerStats> replayAt(const BatchStatsView& stats, const EstimatorSpec& spec,
                                 const std::vector<long>& steps) {
    const int m = stats.batchSize();
    std::vector<LayerStats> out(steps.size());
    for (auto& s : out)
        for (int l = 0; l < stats.layers(); ++l) {
            s.mean.emplace_back(stats.features(l));
            s.var.emplace_back(stats.features(l));
        }
    for (int l = 0; l < stats.layers(); ++l)
        for (Eigen::Index f = 0; f < stats.features(l); ++f) {
            const auto& means = stats.means(l, f);
            const auto& vars = stats.vars(l, f);
            ScalarEstimate e(spec);
            long done = 0;
            for (std::size_t k = 0; k < steps.size(); ++k) {
                const long target = std::min(steps[k], stats.steps());
                for (; done < target; ++done)
                    e.update(spec, means[std::size_t(done)], vars[std::size_t(done)], m);
                out[k].mean[std::size_t(l)][f] = e.mean(spec);
                out[k].var[std::size_t(l)][f] = e.var(spec);
            }
        }
    return out;
}

} // namespace bnlab
