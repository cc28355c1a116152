// How DashboardCurves take in the record: the estimators' replay appended step by step (or
// written over in place after a restart), and the error curves computed in the background.
#include "DashboardCurves.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bnlab {

void DashboardCurves::advance(Group& group, const BatchStatsView& stats, int layer,
                              Eigen::Index feature, const QCPRange& visible) {
    auto& estimators = group.estimators;
    const long from = group.replay.steps();
    const long to = stats.steps();
    if (to <= from || estimators.empty())
        return;
    const std::size_t count = estimators.size();
    // A restarted replay writes over the points already drawn (same steps, new values), so
    // dragging the slider allocates nothing; steps beyond them are appended.
    std::vector<long> have(count);
    std::vector<std::array<QCPGraphData*, 2>> points(count);
    std::vector<std::array<QVector<QCPGraphData>, 2>> tails(count);
    for (std::size_t k = 0; k < count; ++k) {
        Estimator& e = estimators[k];
        long n = std::min<long>(e.stat[0]->data()->size(), e.stat[1]->data()->size());
        if (n < from || n > to) { // not the record being replayed: start it afresh
            e.stat[0]->data()->clear();
            e.stat[1]->data()->clear();
            n = 0;
        }
        if (n < from) {
            // Cannot happen after restartGroup; a replay ahead of its points starts over.
            restartGroup(group, false);
            advance(group, stats, layer, feature, visible);
            return;
        }
        have[k] = n;
        for (int j = 0; j < 2; ++j) {
            points[k][std::size_t(j)] =
                n > from ? &*e.stat[std::size_t(j)]->data()->begin() : nullptr;
            tails[k][std::size_t(j)].resize(to - std::max(from, n));
        }
    }
    // The value range within the visible steps, noted on the way (saves a second pass when
    // deciding whether the axes still hold the slider's curves).
    const long firstVisible = long(std::ceil(visible.lower));
    const long lastVisible = long(std::floor(visible.upper));
    double lo[2] = {std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity()};
    double hi[2] = {-lo[0], -lo[1]};
    group.replay.advance(stats, layer, feature,
                         [&](std::size_t k, long step, double mean, double var) {
                             const long i = step - 1;
                             if (i < have[k]) {
                                 points[k][0][i].value = mean;
                                 points[k][1][i].value = var;
                             } else {
                                 const long j = i - std::max(from, have[k]);
                                 tails[k][0][j] = QCPGraphData(double(step), mean);
                                 tails[k][1][j] = QCPGraphData(double(step), var);
                             }
                             if (step >= firstVisible && step <= lastVisible) {
                                 lo[0] = std::min(lo[0], mean);
                                 hi[0] = std::max(hi[0], mean);
                                 lo[1] = std::min(lo[1], var);
                                 hi[1] = std::max(hi[1], var);
                             }
                         });
    for (int j = 0; j < 2; ++j)
        group.visibleRange[std::size_t(j)] =
            from == 0 && lo[j] <= hi[j] ? std::optional(QCPRange(lo[j], hi[j])) : std::nullopt;
    for (std::size_t k = 0; k < count; ++k)
        for (int j = 0; j < 2; ++j)
            if (!tails[k][std::size_t(j)].isEmpty())
                estimators[k].stat[std::size_t(j)]->data()->add(tails[k][std::size_t(j)], true);
}

void DashboardCurves::advanceReplays(const BatchStatsView& stats, int layer, Eigen::Index feature,
                                     const QCPRange& visible) {
    advance(slider_, stats, layer, feature, visible);
    advance(compared_, stats, layer, feature, visible);
}

std::optional<QCPRange> DashboardCurves::sliderValueRange(int statistic) const {
    return slider_.visibleRange[std::size_t(statistic)];
}

long DashboardCurves::replayedSteps() const {
    return std::max(slider_.replay.steps(), compared_.replay.steps());
}

bool DashboardCurves::setErrorCurve(const QString& key, const EstimatorSpec& spec,
                                    const ErrorCurve& curve, std::size_t from) {
    for (Group* group : {&slider_, &compared_})
        for (Estimator& e : group->estimators) {
            if (e.key != key || !(e.spec == spec))
                continue;
            if (from != 0 && (errorPointsShown(key, spec) != from || curve.steps.empty()))
                return false; // nothing new, or not the continuation of what is shown
            QVector<QCPGraphData> mean(qsizetype(curve.steps.size()));
            QVector<QCPGraphData> var(qsizetype(curve.steps.size()));
            for (std::size_t i = 0; i < curve.steps.size(); ++i) {
                // The log axis cannot show 0: an exact match sits at the bottom instead.
                mean[qsizetype(i)] = {double(curve.steps[i]), std::max(curve.meanError[i], 1e-9)};
                var[qsizetype(i)] = {double(curve.steps[i]), std::max(curve.varError[i], 1e-9)};
            }
            if (from == 0) {
                e.errorOf = spec;
                e.error->data()->set(mean, true);
                e.errorVariance->data()->set(var, true);
            } else {
                e.error->data()->add(mean, true);
                e.errorVariance->data()->add(var, true);
            }
            return true;
        }
    return false;
}

std::size_t DashboardCurves::errorPointsShown(const QString& key, const EstimatorSpec& spec) const {
    for (const Group* group : {&slider_, &compared_})
        for (const Estimator& e : group->estimators)
            if (e.key == key && e.spec == spec && e.errorOf == spec)
                return std::size_t(e.error->data()->size());
    return 0;
}

} // namespace bnlab
