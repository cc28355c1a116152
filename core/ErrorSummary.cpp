#include "ErrorSummary.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace bnlab {

LayerPopulation layerPopulation(const std::vector<PopulationRecord>& records, int layer) {
    LayerPopulation p;
    for (const auto& r : records) {
        if (r.step < 1 || std::size_t(layer) >= r.exact.mean.size())
            continue; // step 0 has no running estimate to compare yet
        p.steps.push_back(r.step);
        p.mean.push_back(r.exact.mean[std::size_t(layer)]);
        p.var.push_back(r.exact.var[std::size_t(layer)]);
    }
    return p;
}

ErrorCurve errorVsPopulation(const BatchStatsView& stats, const LayerPopulation& population,
                             int layer, const EstimatorSpec& spec) {
    return ErrorCurveTracker(layer, spec).extend(stats, population);
}

ErrorCurve ErrorCurveTracker::extend(const BatchStatsView& stats, const LayerPopulation& population,
                                     std::size_t offset) {
    const std::size_t first = points(); // the first new point, in the whole record
    if (offset > first)
        throw std::invalid_argument("ErrorCurveTracker: population points are missing");
    std::size_t end = first; // one past the last new point
    while (end - offset < population.steps.size() &&
           population.steps[end - offset] <= stats.steps())
        ++end;
    ErrorCurve curve;
    if (end == first)
        return curve;
    const std::size_t added = end - first;
    curve.steps.reserve(added);
    curve.meanError.reserve(added);
    curve.varError.reserve(added);
    std::vector<double> meanSq(added, 0.0), varSq(added, 0.0);
    std::vector<int> live(added, 0);
    const Eigen::Index features = stats.features(layer_);
    if (features_.empty())
        features_.assign(std::size_t(features), ScalarEstimate(spec_));
    // Locals, not members: the hot loop below stores sums, and through `this` the compiler would
    // have to assume that those stores may change the spec, the counts or the estimate.
    const EstimatorSpec spec = spec_;
    const int* counts = stats.counts(layer_); // null: every step normalized batchSize() values
    const int batchSize = stats.batchSize();
    for (Eigen::Index f = 0; f < features; ++f) {
        const auto& means = stats.means(layer_, f);
        const auto& vars = stats.vars(layer_, f);
        ScalarEstimate e = features_[std::size_t(f)]; // stored back below
        long done = done_;
        for (std::size_t k = 0; k < added; ++k) {
            const std::size_t p = first + k - offset;
            for (const long until = population.steps[p]; done < until; ++done)
                e.update(spec, means[std::size_t(done)], vars[std::size_t(done)],
                         counts ? counts[done] : batchSize);
            const double popMean = population.mean[p][f];
            const double popVar = population.var[p][f];
            // A constant feature (a blank pixel, a dead ReLU) has no scale to compare against:
            // it is left out rather than divided by zero.
            if (!(popVar > DeadFeatureVariance))
                continue;
            const double dm = (e.mean(spec) - popMean) / std::sqrt(popVar);
            const double dv = (e.var(spec) - popVar) / popVar;
            meanSq[k] += dm * dm;
            varSq[k] += dv * dv;
            ++live[k];
        }
        features_[std::size_t(f)] = e;
    }
    done_ = population.steps[end - 1 - offset];
    for (std::size_t k = 0; k < added; ++k) {
        const double n = std::max(1, live[k]);
        curve.steps.push_back(population.steps[first + k - offset]);
        curve.meanError.push_back(std::sqrt(meanSq[k] / n));
        curve.varError.push_back(std::sqrt(varSq[k] / n));
    }
    points_ = end;
    return curve;
}

} // namespace bnlab
