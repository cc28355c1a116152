#pragma once
// The running statistics of one BN feature under several estimators, advanced over new steps
// only. Each step calls core's ScalarEstimate::update — the very update replayFeature and the
// online bank use, in the same order — so the curves equal core's replay bit for bit, while
// the live dashboard appends a frame's few new steps instead of replaying the whole record.
#include "History.h"
#include "RunningStats.h"

#include <vector>

namespace bnlab {

class FeatureReplay {
  public:
    void reset(std::vector<EstimatorSpec> specs) {
        specs_ = std::move(specs);
        states_.clear();
        for (const auto& spec : specs_)
            states_.emplace_back(spec);
        steps_ = 0;
    }
    const std::vector<EstimatorSpec>& specs() const { return specs_; }
    long steps() const { return steps_; }

    // Replays steps() + 1 … stats.steps(); sink(k, step, mean, var) receives every value of
    // estimator k, steps ascending.
    template <class Sink>
    void advance(const BatchStatsView& stats, int layer, Eigen::Index feature, Sink&& sink) {
        const long to = stats.steps();
        if (to <= steps_)
            return;
        const auto& means = stats.means(layer, feature);
        const auto& vars = stats.vars(layer, feature);
        for (std::size_t k = 0; k < specs_.size(); ++k) {
            const EstimatorSpec& spec = specs_[k];
            ScalarEstimate& e = states_[k];
            for (long t = steps_; t < to; ++t) {
                e.update(spec, means[std::size_t(t)], vars[std::size_t(t)],
                         stats.count(layer, std::size_t(t)));
                sink(k, t + 1, e.mean(spec), e.var(spec));
            }
        }
        steps_ = to;
    }

  private:
    std::vector<EstimatorSpec> specs_;
    std::vector<ScalarEstimate> states_;
    long steps_ = 0;
};

} // namespace bnlab
