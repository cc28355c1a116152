#pragma once
// "Accuracy follows the slider": re-evaluates the recorded weight snapshots with the running
// statistics of any momentum, replayed from the History, on a background thread. Newest steps
// first, delivered in small batches as they arrive; a new request cancels the previous one.
//
// Hand-off: the job puts each point into an outbox under a std::mutex; a timer on the
// Reevaluator's own (GUI) thread empties it at frame rate and emits the signals. Nothing is
// posted across threads, so the GUI takes as many points per frame as are ready, and the
// hand-off is one ThreadSanitizer can see (Qt's event queue synchronizes through its own,
// uninstrumented futex mutex).
#include "History.h"
#include "RunningStats.h"
#include "SnapshotEvaluator.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace bnlab {

struct ReevaluatedPoint {
    long step;
    Evaluation evaluation;
};

class Reevaluator : public QObject {
    Q_OBJECT
  public:
    explicit Reevaluator(QObject* parent = nullptr);
    ~Reevaluator() override; // cancels and waits for the job in flight

    // Takes what it needs from `history` now (cheap views and shared snapshots), so the GUI
    // thread may keep appending while the job runs. Returns the job's id.
    quint64 start(const History& history, std::shared_ptr<const SnapshotEvaluator> evaluator,
                  const EstimatorSpec& spec);
    void cancel();
    quint64 currentJob() const { return latestJob_.load(); }
    bool waitForIdle(int msecs = -1);

  signals:
    void pointsReady(quint64 job, const std::vector<bnlab::ReevaluatedPoint>& points);
    void finished(quint64 job);
    // The job ended with an exception (out of memory, …); `reason` is meant for the user.
    void failed(quint64 job, const QString& reason);

  private:
    // What a job has produced and the GUI thread has not taken yet.
    struct Outbox {
        quint64 job = 0; // the job these belong to; older jobs' results are dropped
        std::vector<ReevaluatedPoint> points;
        bool finished = false;
        QString failure; // non-empty: the job ended with this reason
    };
    struct Snapshot {
        long step;
        std::shared_ptr<const Vector> weights;
    };
    void runJob(quint64 job, const std::vector<Snapshot>& snapshots, const BatchStatsView& stats,
                const std::shared_ptr<const SnapshotEvaluator>& evaluator,
                const EstimatorSpec& spec);
    // From the job's thread: appends to the outbox if `job` is still the one it collects for.
    template <typename Change> void post(quint64 job, Change&& change);
    void reportFailure(quint64 job, const QString& reason);
    void collect(); // on the GUI thread, from poll_

    std::mutex outMutex_;
    Outbox out_;
    QTimer poll_; // runs while a job may still deliver

    std::atomic<quint64> latestJob_{0}; // the job allowed to run; older ones stop
    // Jobs still running, counted under a std::mutex so that the destructor's wait is visible
    // to ThreadSanitizer (QThreadPool::waitForDone synchronizes through Qt's futex mutex).
    std::mutex jobsMutex_;
    std::condition_variable jobsDone_;
    int runningJobs_ = 0;
    QThreadPool pool_; // declared last: destroyed (joined) first
};

} // namespace bnlab

Q_DECLARE_METATYPE(std::vector<bnlab::ReevaluatedPoint>)
