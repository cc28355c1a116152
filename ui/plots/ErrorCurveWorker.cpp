#include "ErrorCurveWorker.h"

#include "FaultInjection.h"

#include <QElapsedTimer>
#include <algorithm>
#include <limits>

namespace bnlab {

namespace {
constexpr int PollMs = 10; // how soon a finished curve is drawn
}

ErrorCurveWorker::ErrorCurveWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::vector<ErrorCurveResult>>();
    gap_.setSingleShot(true);
    connect(&gap_, &QTimer::timeout, this, &ErrorCurveWorker::startNext);
    poll_.setInterval(PollMs);
    connect(&poll_, &QTimer::timeout, this, &ErrorCurveWorker::collect);
    thread_ = std::thread([this] { run(); });
}

ErrorCurveWorker::~ErrorCurveWorker() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
        job_.reset();
    }
    wake_.notify_all();
    thread_.join(); // at most the job in flight
}

void ErrorCurveWorker::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return quit_ || job_.has_value(); });
        if (quit_)
            return;
        Job job = std::move(*job_);
        job_.reset();
        running_ = true;
        lock.unlock();
        QElapsedTimer clock;
        clock.start();
        // The thread's boundary: a job that throws (out of memory) draws no curves, and the
        // thread lives on for the next job.
        std::vector<ErrorCurveResult> results;
        try {
            injectFaultAt("error-curve");
            results = extend(job);
        } catch (...) {
            results.clear();
        }
        const double ms = double(clock.nsecsElapsed()) * 1e-6;
        lock.lock();
        done_ = Done{job.id, ms, std::move(results)};
        running_ = false;
        idle_.notify_all();
    }
}

std::vector<ErrorCurveResult>
ErrorCurveWorker::compute(const BatchStatsView& stats, const SharedPopulation::Chunks& population,
                          int layer, const std::map<QString, EstimatorSpec>& specs) {
    const LayerPopulation all = SharedPopulation::merged(population);
    std::vector<ErrorCurveResult> results;
    for (const auto& [key, spec] : specs)
        results.push_back({key, spec, errorVsPopulation(stats, all, layer, spec)});
    return results;
}

std::vector<ErrorCurveResult> ErrorCurveWorker::extend(const Job& job) {
    if (job.run != trackersRun_) {
        trackers_.clear(); // another run or layer: nothing carries over
        trackersRun_ = job.run;
    }
    // Each curve's tracker goes on where the plot's points end; a curve that the plot shows
    // otherwise (cleared, drawn from elsewhere, another estimator) starts again, whole.
    std::size_t first = std::numeric_limits<std::size_t>::max();      // the first point needed
    std::vector<std::pair<ErrorCurveTracker*, std::size_t>> trackers; // and the result's `from`
    for (const auto& [key, wanted] : job.curves) {
        auto it = trackers_.find(key);
        std::size_t from = wanted.from;
        if (it == trackers_.end() || !(it->second.spec() == wanted.spec) ||
            it->second.layer() != job.layer || it->second.points() != wanted.from) {
            it = trackers_.insert_or_assign(key, ErrorCurveTracker(job.layer, wanted.spec)).first;
            from = 0;
        }
        first = std::min(first, it->second.points());
        trackers.emplace_back(&it->second, from);
    }
    const LayerPopulation population = SharedPopulation::merged(job.population, first);
    std::vector<ErrorCurveResult> results;
    std::size_t i = 0;
    for (const auto& [key, wanted] : job.curves) {
        const auto [tracker, from] = trackers[i++];
        results.push_back({key, wanted.spec, tracker->extend(job.stats, population, first), from});
    }
    return results;
}

void ErrorCurveWorker::request(const BatchStatsView& stats, SharedPopulation::Chunks population,
                               int layer, const std::map<QString, EstimatorSpec>& specs,
                               bool synchronous) {
    if (synchronous) {
        emit ready(compute(stats, population, layer, specs));
        return;
    }
    if (layer != layer_) {
        pending_.clear();
        ++run_;
    }
    for (const auto& [key, spec] : specs)
        pending_[key] = spec;
    stats_ = stats;
    population_ = std::move(population);
    layer_ = layer;
    if (!busy_ && !gap_.isActive())
        startNext();
}

void ErrorCurveWorker::cancelAll() {
    ++run_;
    pending_.clear();
    population_.clear();
    stats_ = {};
    gap_.stop();
    poll_.stop();
    busy_ = false;
    currentJob_ = 0; // a result still on its way is dropped when it arrives
    std::lock_guard lock(mutex_);
    job_.reset();
}

void ErrorCurveWorker::startNext() {
    if (busy_ || pending_.empty())
        return;
    busy_ = true;
    currentJob_ = ++nextId_;
    Job job{currentJob_, run_, stats_, population_, layer_, {}};
    for (const auto& [key, spec] : std::exchange(pending_, {}))
        job.curves[key] = Wanted{spec, shown_ ? shown_(key, spec) : 0};
    {
        std::lock_guard lock(mutex_);
        job_ = std::move(job);
    }
    wake_.notify_one();
    poll_.start();
}

void ErrorCurveWorker::collect() {
    std::optional<Done> done;
    {
        std::lock_guard lock(mutex_);
        done.swap(done_);
    }
    if (!done || done->id != currentJob_)
        return; // nothing yet, or a cancelled job's curves
    poll_.stop();
    busy_ = false;
    currentJob_ = 0;
    // A curve whose plot changed while its job ran (cleared, or drawn from elsewhere) cannot
    // take these points: it is computed again, from what the plot shows now.
    std::vector<ErrorCurveResult> results;
    results.reserve(done->results.size());
    for (auto& r : done->results) {
        if (r.from != 0 && shown_ && shown_(r.key, r.spec) != r.from)
            pending_.try_emplace(r.key, r.spec);
        else
            results.push_back(std::move(r));
    }
    emit ready(results);
    // Space out the next job: at most half of one core while training plays.
    if (!pending_.empty())
        gap_.start(int(std::clamp(done->ms, 0.0, 1000.0)));
}

void ErrorCurveWorker::waitForDone() {
    while (busy_ || !pending_.empty()) {
        gap_.stop();
        startNext();
        {
            std::unique_lock lock(mutex_);
            idle_.wait(lock, [this] { return !job_ && !running_; });
        }
        collect();
        busy_ = false; // delivered above, or cancelled: nothing more will arrive
        poll_.stop();
    }
}

} // namespace bnlab
