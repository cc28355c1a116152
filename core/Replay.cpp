#include "Replay.h"

namespace bnlab {

ReplayCurve replayFeature(const History& history, int layer, Eigen::Index feature,
                          const EstimatorSpec& spec) {
    const long steps = history.steps();
    const int m = history.batchSize();
    ReplayCurve curve;
    curve.mean.resize(std::size_t(steps));
    curve.var.resize(std::size_t(steps));
    ScalarEstimate estimate(spec);
    for (long t = 1; t <= steps; ++t) {
        estimate.update(spec, history.batchMean(t, layer, feature),
                        history.batchVar(t, layer, feature), m);
        curve.mean[std::size_t(t - 1)] = estimate.mean(spec);
        curve.var[std::size_t(t - 1)] = estimate.var(spec);
    }
    return curve;
}

std::vector<LayerStats> replayAt(const History& history, const EstimatorSpec& spec,
                                 const std::vector<long>& steps) {
    const int layers = history.layers();
    const int m = history.batchSize();
    auto estimates = std::vector<std::vector<ScalarEstimate>>(std::size_t(layers));
    for (int l = 0; l < layers; ++l)
        estimates[std::size_t(l)].assign(std::size_t(history.features(l)), ScalarEstimate(spec));

    auto snapshot = [&] {
        LayerStats s;
        for (int l = 0; l < layers; ++l) {
            const auto& est = estimates[std::size_t(l)];
            Vector mean(history.features(l)), var(history.features(l));
            for (Eigen::Index f = 0; f < mean.size(); ++f) {
                mean[f] = est[std::size_t(f)].mean(spec);
                var[f] = est[std::size_t(f)].var(spec);
            }
            s.mean.push_back(std::move(mean));
            s.var.push_back(std::move(var));
        }
        return s;
    };

    std::vector<LayerStats> out;
    out.reserve(steps.size());
    long done = 0;
    for (long target : steps) {
        target = std::min(target, history.steps());
        for (; done < target; ++done)
            for (int l = 0; l < layers; ++l)
                for (Eigen::Index f = 0; f < history.features(l); ++f)
                    estimates[std::size_t(l)][std::size_t(f)].update(
                        spec, history.batchMean(done + 1, l, f), history.batchVar(done + 1, l, f),
                        m);
        out.push_back(snapshot());
    }
    return out;
}

} // namespace bnlab
