#include "LessonMeasures.h"

#include "ErrorSummary.h"
#include "Replay.h"
#include "TrainingSession.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace bnlab::measures {

namespace {
std::vector<double> within(const Series& s, long from, long to) {
    std::vector<double> out;
    for (std::size_t i = 0; i < s.steps.size(); ++i)
        if (s.steps[i] >= from && s.steps[i] <= to)
            out.push_back(s.values[i]);
    if (out.empty())
        throw std::runtime_error("no points between the steps asked for");
    return out;
}
} // namespace

double Series::mean(long from, long to) const {
    const auto v = within(*this, from, to);
    double sum = 0;
    for (double x : v)
        sum += x;
    return sum / double(v.size());
}

double Series::median(long from, long to) const {
    auto v = within(*this, from, to);
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double Series::min(long from, long to) const {
    const auto v = within(*this, from, to);
    return *std::min_element(v.begin(), v.end());
}

double Series::max(long from, long to) const {
    const auto v = within(*this, from, to);
    return *std::max_element(v.begin(), v.end());
}

int Series::count(long from, long to) const {
    int n = 0;
    for (long s : steps)
        n += s >= from && s <= to;
    return n;
}

double Series::at(long step) const {
    const auto it = std::upper_bound(steps.begin(), steps.end(), step);
    if (it == steps.begin())
        throw std::runtime_error("no point at or before the step asked for");
    return values[std::size_t(it - steps.begin() - 1)];
}

long Series::firstAtMost(double threshold, long from) const {
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i] >= from && values[i] <= threshold)
            return steps[i];
    return -1;
}

LessonRun::LessonRun(Lesson lesson, const std::function<void(Lesson&)>& change)
    : lesson_(std::move(lesson)) {
    if (change)
        change(lesson_);
    const TrainingConfig& c = lesson_.config;
    const bool digits = c.data.kind == DatasetKind::Digits && c.data.path.empty();
    trainer_ = std::make_unique<Trainer>(
        c, makeDatasets(c.data, c.seed, digits ? TrainingSession::digitsCsv() : std::string()));
    history_ = trainer_->emptyHistory();
    for (long i = 0; i < lesson_.suggestedSteps; ++i)
        appendTo(history_, trainer_->step());
    if (trainer_->diverged())
        throw std::runtime_error("the lesson's run diverged: " + trainer_->divergenceReason());
    evaluator_ = std::make_unique<SnapshotEvaluator>(*trainer_);
}

EstimatorSpec LessonRun::shownSpec(double beta) const {
    const ViewSettings& view = lesson_.view;
    EstimatorSpec spec = view.specFor(EstimatorSpec::keras(beta).momentumIn(view.convention));
    spec.unbiasedVariance = view.unbiasedVariance;
    return spec;
}

Series LessonRun::populationMean() const {
    Series s;
    const auto l = std::size_t(lesson_.view.layer);
    for (const PopulationRecord& r : history_.population())
        s.add(r.step, r.exact.mean[l][lesson_.view.feature]);
    return s;
}

Series LessonRun::populationVar() const {
    Series s;
    const auto l = std::size_t(lesson_.view.layer);
    for (const PopulationRecord& r : history_.population())
        s.add(r.step, r.exact.var[l][lesson_.view.feature]);
    return s;
}

Series LessonRun::preciseMean() const {
    Series s;
    const auto l = std::size_t(lesson_.view.layer);
    for (const PopulationRecord& r : history_.population())
        if (r.precise)
            s.add(r.step, r.precise->paper.mean[l][lesson_.view.feature]);
    return s;
}

Series LessonRun::preciseVar() const {
    Series s;
    const auto l = std::size_t(lesson_.view.layer);
    for (const PopulationRecord& r : history_.population())
        if (r.precise)
            s.add(r.step, r.precise->paper.var[l][lesson_.view.feature]);
    return s;
}

Series LessonRun::batchMean() const {
    Series s;
    for (long t = 1; t <= history_.steps(); ++t)
        s.add(t, history_.batchMean(t, lesson_.view.layer, lesson_.view.feature));
    return s;
}

Series LessonRun::batchVar() const {
    const double m = history_.batchSize();
    const double scale = lesson_.view.unbiasedVariance ? m / (m - 1.0) : 1.0;
    Series s;
    for (long t = 1; t <= history_.steps(); ++t)
        s.add(t, scale * history_.batchVar(t, lesson_.view.layer, lesson_.view.feature));
    return s;
}

Series LessonRun::emaMean(double beta) const {
    const ReplayCurve c =
        replayFeature(history_, lesson_.view.layer, lesson_.view.feature, shownSpec(beta));
    Series s;
    for (std::size_t i = 0; i < c.mean.size(); ++i)
        s.add(long(i) + 1, c.mean[i]);
    return s;
}

Series LessonRun::emaVar(double beta) const {
    const ReplayCurve c =
        replayFeature(history_, lesson_.view.layer, lesson_.view.feature, shownSpec(beta));
    Series s;
    for (std::size_t i = 0; i < c.var.size(); ++i)
        s.add(long(i) + 1, c.var[i]);
    return s;
}

Series LessonRun::meanError(double beta, int layer) const {
    if (layer < 0)
        layer = lesson_.view.layer;
    const ErrorCurve e =
        errorVsPopulation(history_.batchStats(), layerPopulation(history_.population(), layer),
                          layer, shownSpec(beta));
    return {e.steps, e.meanError};
}

Series LessonRun::varError(double beta, int layer) const {
    if (layer < 0)
        layer = lesson_.view.layer;
    const ErrorCurve e =
        errorVsPopulation(history_.batchStats(), layerPopulation(history_.population(), layer),
                          layer, shownSpec(beta));
    return {e.steps, e.varError};
}

Series LessonRun::batchAccuracy() const {
    Series s;
    for (const EvalRecord& e : history_.evaluations())
        s.add(e.step, 100.0 * e.batchStatistics.accuracy);
    return s;
}

Series LessonRun::populationAccuracy() const {
    Series s;
    for (const EvalRecord& e : history_.evaluations())
        s.add(e.step, 100.0 * e.population.accuracy);
    return s;
}

Series LessonRun::emaAccuracy(double beta) const {
    // As the slider's re-evaluation does: the replayed statistics at every weight snapshot.
    std::vector<long> steps;
    for (const EvalRecord& e : history_.evaluations())
        steps.push_back(e.step);
    const std::vector<LayerStats> stats = replayAt(history_, shownSpec(beta), steps);
    Series s;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const EvalRecord& e = history_.evaluations()[i];
        s.add(e.step, 100.0 * evaluator_->evaluate(e.step, *e.weights, stats[i]).accuracy);
    }
    return s;
}

Series LessonRun::trainingAccuracy() const {
    Series s;
    for (long t = 1; t <= history_.steps(); ++t)
        s.add(t, 100.0 * history_.accuracy()[std::size_t(t - 1)]);
    return s;
}

Series LessonRun::trainingLoss() const {
    Series s;
    for (long t = 1; t <= history_.steps(); ++t)
        s.add(t, history_.loss()[std::size_t(t - 1)]);
    return s;
}

Series LessonRun::learningRate() const {
    Series s;
    for (long t = 1; t <= history_.steps(); ++t)
        s.add(t, history_.learningRate()[std::size_t(t - 1)]);
    return s;
}

Lesson bundledLesson(int number) {
    return findLesson(QString::number(number));
}

} // namespace bnlab::measures
