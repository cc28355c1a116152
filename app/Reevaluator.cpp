#include "Reevaluator.h"

#include "FaultInjection.h"
#include "Replay.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QScopeGuard>

namespace bnlab {

Reevaluator::Reevaluator(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1); // one job at a time; a cancelled job ends within one evaluation
    qRegisterMetaType<std::vector<ReevaluatedPoint>>();
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
    QMetaObject::invokeMethod(
        this,
        [this, job, reason] {
            if (latestJob_.load() == job)
                emit failed(job, tr("Re-evaluating the accuracy stopped: %1").arg(reason));
        },
        Qt::QueuedConnection);
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
    std::vector<ReevaluatedPoint> batch;
    QElapsedTimer sinceSent;
    sinceSent.start();
    auto send = [&] {
        if (batch.empty())
            return;
        // Delivered on the GUI thread; dropped there if a newer job started meanwhile.
        QMetaObject::invokeMethod(
            this,
            [this, job, points = std::move(batch)] {
                if (latestJob_.load() == job)
                    emit pointsReady(job, points);
            },
            Qt::QueuedConnection);
        batch.clear();
        sinceSent.restart();
    };
    for (std::size_t i = snapshots.size(); i-- > 0;) { // newest first
        if (cancelled())
            return;
        batch.push_back(
            {snapshots[i].step,
             evaluator->evaluate(snapshots[i].step, *snapshots[i].weights, replayed[i])});
        if (sinceSent.elapsed() >= 30)
            send();
    }
    send();
    QMetaObject::invokeMethod(
        this,
        [this, job] {
            if (latestJob_.load() == job)
                emit finished(job);
        },
        Qt::QueuedConnection);
}

} // namespace bnlab
