#include "Replay.h"

#include <algorithm>
#include <array>

namespace bnlab {

std::vector<ReplayCurve> replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                                       const std::vector<EstimatorSpec>& specs) {
    std::vector<ReplayCurve> curves;
    replayFeatureInto(stats, layer, feature, specs, curves);
    return curves;
}

void replayFeatureInto(const BatchStatsView& stats, int layer, Eigen::Index feature,
                       const std::vector<EstimatorSpec>& specs, std::vector<ReplayCurve>& curves) {
    const std::size_t steps = std::size_t(stats.steps());
    const int m = stats.batchSize();
    const int* counts = stats.counts(layer); // null: m at every step
    curves.resize(specs.size());
    std::vector<ScalarEstimate> estimates;
    std::vector<double*> outMean, outVar;
    for (std::size_t k = 0; k < specs.size(); ++k) {
        curves[k].mean.resize(steps); // keeps its capacity: no new pages on the next call
        curves[k].var.resize(steps);
        estimates.emplace_back(specs[k]);
        outMean.push_back(curves[k].mean.data());
        outVar.push_back(curves[k].var.data());
    }
    const auto& means = stats.means(layer, feature);
    const auto& vars = stats.vars(layer, feature);
    // Walk the record block by block over plain arrays; all estimators advance together at each
    // step, so their independent update chains overlap in the CPU instead of running in turn.
    std::size_t t = 0;
    means.forEachRun(steps, [&](const double* mean, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i, ++t) {
            const double var = vars[t];
            const int count = counts ? counts[t] : m;
            for (std::size_t k = 0; k < specs.size(); ++k) {
                estimates[k].update(specs[k], mean[i], var, count);
                outMean[k][t] = estimates[k].mean(specs[k]);
                outVar[k][t] = estimates[k].var(specs[k]);
            }
        }
    });
}

ReplayCurve replayFeature(const BatchStatsView& stats, int layer, Eigen::Index feature,
                          const EstimatorSpec& spec) {
    return std::move(replayFeature(stats, layer, feature, std::vector<EstimatorSpec>{spec})[0]);
}

std::vector<LayerStats> replayAt(const BatchStatsView& stats, const EstimatorSpec& spec,
                                 const std::vector<long>& steps) {
    std::vector<LayerStats> out(steps.size());
    for (auto& s : out)
        for (int l = 0; l < stats.layers(); ++l) {
            s.mean.emplace_back(stats.features(l));
            s.var.emplace_back(stats.features(l));
        }
    // Each feature's estimate is a chain of dependent multiply-adds, so one feature at a time
    // leaves the CPU waiting on that chain. Features advance in groups of `Lanes` instead: their
    // chains are independent and overlap, and each feature still sees exactly the same
    // arithmetic in the same order (bit for bit the online estimate).
    constexpr Eigen::Index Lanes = 8;
    for (int l = 0; l < stats.layers(); ++l) {
        const int* counts = stats.counts(l); // null: batchSize() at every step
        const int m = stats.batchSize();
        for (Eigen::Index first = 0; first < stats.features(l); first += Lanes) {
            const Eigen::Index lanes = std::min(Lanes, stats.features(l) - first);
            std::vector<ScalarEstimate> e(static_cast<std::size_t>(lanes), ScalarEstimate{spec});
            std::array<const ChunkedColumn::View*, Lanes> means{}, vars{};
            for (Eigen::Index j = 0; j < lanes; ++j) {
                means[std::size_t(j)] = &stats.means(l, first + j);
                vars[std::size_t(j)] = &stats.vars(l, first + j);
            }
            long done = 0;
            for (std::size_t k = 0; k < steps.size(); ++k) {
                const long target = std::min(steps[k], stats.steps());
                for (; done < target; ++done) {
                    const auto t = std::size_t(done);
                    const int count = counts ? counts[t] : m;
                    for (Eigen::Index j = 0; j < lanes; ++j)
                        e[std::size_t(j)].update(spec, (*means[std::size_t(j)])[t],
                                                 (*vars[std::size_t(j)])[t], count);
                }
                for (Eigen::Index j = 0; j < lanes; ++j) {
                    out[k].mean[std::size_t(l)][first + j] = e[std::size_t(j)].mean(spec);
                    out[k].var[std::size_t(l)][first + j] = e[std::size_t(j)].var(spec);
                }
            }
        }
    }
    return out;
}

} // namespace bnlab
