#include "RecordPlotter.h"

#include <algorithm>

namespace bnlab {

namespace {
// Above this many estimator updates an error curve is computed in the background even for a
// hidden dashboard (about 10 ms).
constexpr double SynchronousErrorBudget = 4e6;
} // namespace

RecordPlotter::RecordPlotter(DashboardCurves& curves, QObject* owner)
    : curves_(curves), errors_(owner) {
    // Background jobs extend the curves: they hand back only the points not drawn yet.
    errors_.setShownPoints([this](const QString& key, const EstimatorSpec& spec) {
        return curves_.errorPointsShown(key, spec);
    });
}

int RecordPlotter::bankIndexOfSlider() const {
    const EstimatorSpec spec = curves_.sliderSpec();
    for (std::size_t i = 0; i < bank_.size(); ++i)
        if (bank_[i] == spec)
            return int(i);
    return -1;
}

void RecordPlotter::clearRecord() {
    curves_.clearData();
    featureSteps_ = lossSteps_ = 0;
    evaluationsShown_ = bankAccuracyShown_ = 0;
    population_.clear();
    populationShown_ = 0;
    sliderAccuracy_.clear();
    errors_.cancelAll();
}

void RecordPlotter::clearFeature() {
    curves_.clearFeatureData();
    featureSteps_ = 0;
    population_.clear();
    populationShown_ = 0;
    errors_.cancelAll();
}

void RecordPlotter::appendNew(const History& history, const PlottedFeature& plotted,
                              const QCPRange& visibleSteps, bool shown) {
    const int layer = plotted.layer;
    const Eigen::Index feature = plotted.feature;
    const BatchStatsView stats = history.batchStats();
    const long steps = stats.steps();
    // m/(m−1) with each step's own normalization count (a recorded CNN's N·H·W).
    const auto varScale = [&](long index) {
        const int m = std::max(2, stats.count(layer, std::size_t(index)));
        return plotted.unbiasedVariance ? double(m) / double(m - 1) : 1.0;
    };

    if (featureSteps_ < steps) {
        const long n = steps - featureSteps_;
        QVector<QCPGraphData> mean(n), var(n);
        const auto& means = stats.means(layer, feature);
        const auto& vars = stats.vars(layer, feature);
        for (long i = 0; i < n; ++i) {
            const long t = featureSteps_ + i; // index of step t + 1
            mean[i] = {double(t + 1), means[std::size_t(t)]};
            var[i] = {double(t + 1), vars[std::size_t(t)] * varScale(t)};
        }
        curves_.batchMean()->data()->add(mean, true);
        curves_.batchVar()->data()->add(var, true);
        featureSteps_ = steps;
    }
    if (lossSteps_ < steps) {
        const auto append = [&](QCPGraph* graph, const std::vector<double>& values, double factor) {
            QVector<QCPGraphData> points(steps - lossSteps_);
            for (long t = lossSteps_; t < steps; ++t)
                points[t - lossSteps_] = {double(t + 1), factor * values[std::size_t(t)]};
            graph->data()->add(points, true);
        };
        append(curves_.loss(), history.loss(), 1.0);
        append(curves_.accuracyTrain(), history.accuracy(), 100.0);
        append(curves_.learningRate(), history.learningRate(), 1.0);
        lossSteps_ = steps;
    }
    curves_.advanceReplays(stats, layer, feature, visibleSteps);

    bool populationGrew = false;
    const auto& records = history.population();
    for (; populationShown_ < records.size(); ++populationShown_) {
        const PopulationRecord& r = records[populationShown_];
        if (std::size_t(layer) >= r.exact.mean.size())
            continue;
        const auto l = std::size_t(layer);
        const double step = double(r.step);
        curves_.population(0)->data()->add(QCPGraphData(step, r.exact.mean[l][feature]));
        curves_.population(1)->data()->add(QCPGraphData(step, r.exact.var[l][feature]));
        if (r.precise) {
            curves_.precise(0)->data()->add(QCPGraphData(step, r.precise->paper.mean[l][feature]));
            curves_.precise(1)->data()->add(QCPGraphData(step, r.precise->paper.var[l][feature]));
        }
        if (r.step >= 1) {
            population_.append(r.step, r.exact.mean[l], r.exact.var[l]);
            populationGrew = true;
        }
    }

    const auto& evaluations = history.evaluations();
    for (; evaluationsShown_ < evaluations.size(); ++evaluationsShown_) {
        const EvalRecord& e = evaluations[evaluationsShown_];
        curves_.accuracyBatch()->data()->add(
            QCPGraphData(double(e.step), 100.0 * e.batchStatistics.accuracy));
        curves_.accuracyPopulation()->data()->add(
            QCPGraphData(double(e.step), 100.0 * e.population.accuracy));
    }
    const int bankIndex = bankIndexOfSlider();
    if (bankIndex >= 0) {
        const qsizetype drawn = curves_.accuracySlider()->data()->size();
        const bool drawnIsOurs = drawn == qsizetype(sliderAccuracy_.size());
        bool inOrder = true; // every new point after those drawn
        QVector<QCPGraphData> added;
        for (; bankAccuracyShown_ < evaluations.size(); ++bankAccuracyShown_) {
            const EvalRecord& e = evaluations[bankAccuracyShown_];
            if (std::size_t(bankIndex) < e.estimators.size()) {
                const double accuracy = 100.0 * e.estimators[std::size_t(bankIndex)].accuracy;
                inOrder = inOrder &&
                          (sliderAccuracy_.empty() || e.step > sliderAccuracy_.rbegin()->first);
                sliderAccuracy_[e.step] = accuracy;
                added.append({double(e.step), accuracy});
            }
        }
        if (!added.isEmpty()) {
            // While training, the bank's new points follow the drawn curve: appended, so a
            // frame costs its new evaluations, not the whole curve again.
            if (drawnIsOurs && inOrder)
                curves_.accuracySlider()->data()->add(added, true);
            else
                showSliderAccuracy();
            curves_.dropPreviousAccuracy(); // tracked online: the new curve is whole
        }
    }
    if (populationGrew)
        requestErrors(history, layer, curves_.allKeys(), shown);
}

void RecordPlotter::forgetSliderAccuracy() {
    sliderAccuracy_.clear();
    bankAccuracyShown_ = 0;
}

void RecordPlotter::addSliderAccuracy(const std::vector<ReevaluatedPoint>& points) {
    for (const auto& p : points)
        sliderAccuracy_[p.step] = 100.0 * p.evaluation.accuracy;
    showSliderAccuracy();
}

void RecordPlotter::showSliderAccuracy() {
    QVector<QCPGraphData> points;
    points.reserve(qsizetype(sliderAccuracy_.size()));
    for (const auto& [step, accuracy] : sliderAccuracy_)
        points.append({double(step), accuracy});
    curves_.accuracySlider()->data()->set(points, true);
}

void RecordPlotter::requestErrors(const History& history, int layer,
                                  const std::vector<QString>& keys, bool shown) {
    if (history.layers() == 0 || population_.empty())
        return;
    std::map<QString, EstimatorSpec> specs;
    for (const QString& key : keys)
        if (auto spec = curves_.specOf(key))
            specs[key] = *spec;
    if (specs.empty())
        return;
    const double cost =
        double(history.steps()) * double(history.features(layer)) * double(specs.size());
    // The slider's own error curve is drawn in the same frame as its other curves while
    // that is cheap, so every plot shows one momentum; a larger one is cleared until the
    // background result arrives (never the old momentum's curve under the new name).
    const bool onlySlider = std::all_of(specs.begin(), specs.end(), [](const auto& s) {
        return DashboardCurves::isSliderKey(s.first);
    });
    const bool synchronous = cost <= SynchronousErrorBudget && (!shown || onlySlider);
    if (onlySlider && !synchronous)
        for (const auto& [k, spec] : specs)
            curves_.setErrorCurve(k, spec, ErrorCurve{});
    errors_.request(history.batchStats(), population_.snapshot(), layer, specs, synchronous);
}

RecordPlotter::ErrorsDrawn
RecordPlotter::applyErrors(const std::vector<ErrorCurveResult>& results) {
    bool onlySlider = true, any = false;
    for (const auto& r : results) {
        if (!curves_.setErrorCurve(r.key, r.spec, r.curve, r.from))
            continue;
        any = true;
        onlySlider = onlySlider && DashboardCurves::isSliderKey(r.key);
    }
    if (!any)
        return ErrorsDrawn::None;
    return onlySlider ? ErrorsDrawn::SliderOnly : ErrorsDrawn::Others;
}

} // namespace bnlab
