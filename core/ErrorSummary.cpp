#include "ErrorSummary.h"

#include <cmath>

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
    ErrorCurve curve;
    std::size_t points = 0;
    while (points < population.steps.size() && population.steps[points] <= stats.steps())
        ++points;
    curve.steps.assign(population.steps.begin(), population.steps.begin() + long(points));
    std::vector<double> meanSq(points, 0.0), varSq(points, 0.0);
    std::vector<int> live(points, 0);
    const Eigen::Index features = stats.features(layer);
    for (Eigen::Index f = 0; f < features; ++f) {
        const auto& means = stats.means(layer, f);
        const auto& vars = stats.vars(layer, f);
        ScalarEstimate e(spec);
        long done = 0;
        for (std::size_t k = 0; k < points; ++k) {
            for (; done < curve.steps[k]; ++done)
                e.update(spec, means[std::size_t(done)], vars[std::size_t(done)],
                         stats.count(layer, std::size_t(done)));
            const double popMean = population.mean[k][f];
            const double popVar = population.var[k][f];
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
    }
    for (std::size_t k = 0; k < points; ++k) {
        const double n = std::max(1, live[k]);
        curve.meanError.push_back(std::sqrt(meanSq[k] / n));
        curve.varError.push_back(std::sqrt(varSq[k] / n));
    }
    return curve;
}

} // namespace bnlab
