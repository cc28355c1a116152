#include "Reevaluator.h"

#include "FaultInjection.h"
#include "Replay.h"

#include <QScopeGuard>

namespace bnlab {

namespace {
constexpr int PollMs =
    5; // about three times per 60 Hz frame: a point is drawn in the frame after it
}

Reevaluator::Reevaluator(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1); // one job at a time; a cancelled job ends within one evaluation
    qRegisterMetaType<std::vector<ReevaluatedPoint>>();
    poll_.setInterval(PollMs);
    connect(&poll_, &QTimer::timeout, this, &Reevaluator::collect);
}

Reevaluator::~Reevaluator() {
    cancel();
    waitForIdle();
}

bool Reevaluator::waitForIdle(int msecs) {
    std::unique_lock lock(jobsMutex_);
    auto idle = [this] { return runningJobs_ == 0; };
    if (msecs < 0)
        jobsDone_.wait(lock, idle);
    else if (!jobsDone_.wait_for(lock, std::chrono::milliseconds(msecs), idle))
        return false;
    lock.unlock();
    return pool_.waitForDone(msecs); // the pool thread is past our code by now
}

void Reevaluator::cancel() {
    ++latestJob_;
    poll_.stop();
    std::lock_guard lock(outMutex_);
    out_ = Outbox{};
}

template <typename Change> void Reevaluator::post(quint64 job, Change&& change) {
    std::lock_guard lock(outMutex_);
    if (out_.job == job)
        change(out_);
}

void Reevaluator::collect() {
    Outbox taken;
    {
        std::lock_guard lock(outMutex_);
        taken.job = out_.job;
        taken.points.swap(out_.points);
        taken.finished = out_.finished;
        taken.failure = out_.failure;
        if (out_.finished || !out_.failure.isEmpty())
            out_ = Outbox{}; // the job has said everything
    }
    if (taken.job == 0 || taken.job != latestJob_.load()) {
        poll_.stop();
        return;
    }
    // Slots may start a new job; everything read above belongs to this one.
    if (!taken.points.empty())
        emit pointsReady(taken.job, taken.points);
    if (!taken.failure.isEmpty()) {
        poll_.stop();
        emit failed(taken.job, tr("Re-evaluating the accuracy stopped: %1").arg(taken.failure));
    } else if (taken.finished) {
        poll_.stop();
        emit finished(taken.job);
    }
}

quint64 Reevaluator::start(const History& history,
                           std::shared_ptr<const SnapshotEvaluator> evaluator,
                           const EstimatorSpec& spec) {
    const quint64 job = ++latestJob_;
    std::vector<Snapshot> snapshots;
    for (const auto& e : history.evaluations())
        if (e.weights && e.step <= history.steps())
            snapshots.push_back({e.step, e.weights});
    BatchStatsView stats = history.batchStats();
    {
        std::lock_guard lock(jobsMutex_);
        ++runningJobs_;
    }
    {
        std::lock_guard lock(outMutex_);
        out_ = Outbox{};
        out_.job = job;
    }
    poll_.start();
    pool_.start([=, this] {
        // Runs last, however the job ends.
        auto done = qScopeGuard([this] {
            std::lock_guard lock(jobsMutex_);
            --runningJobs_;
            jobsDone_.notify_all();
        });
        // The job's boundary: an exception (std::bad_alloc above all) ends this job with a
        // message; the app and its run carry on.
        try {
            runJob(job, snapshots, stats, evaluator, spec);
        } catch (const std::bad_alloc&) {
            reportFailure(job, QStringLiteral("out of memory"));
        } catch (const std::exception& e) {
            reportFailure(job, QString::fromUtf8(e.what()));
        } catch (...) {
            reportFailure(job, QStringLiteral("an unknown exception"));
        }
    });
    return job;
}

void Reevaluator::reportFailure(quint64 job, const QString& reason) {
    post(job, [&](Outbox& out) { out.failure = reason; });
}

void Reevaluator::runJob(quint64 job, const std::vector<Snapshot>& snapshots,
                         const BatchStatsView& stats,
                         const std::shared_ptr<const SnapshotEvaluator>& evaluator,
                         const EstimatorSpec& spec) {
    injectFaultAt("reevaluate-job");
    auto cancelled = [&] { return latestJob_.load() != job; };
    if (cancelled())
        return; // overtaken while queued (a slider drag): not even the replay
    std::vector<long> steps;
    for (const auto& s : snapshots)
        steps.push_back(s.step);
    const std::vector<LayerStats> replayed = replayAt(stats, spec, steps);
    for (std::size_t i = snapshots.size(); i-- > 0;) { // newest first
        if (cancelled())
            return;
        ReevaluatedPoint point{
            snapshots[i].step,
            evaluator->evaluate(snapshots[i].step, *snapshots[i].weights, replayed[i])};
        post(job, [&](Outbox& out) { out.points.push_back(std::move(point)); });
    }
    post(job, [](Outbox& out) { out.finished = true; });
}

} // namespace bnlab
