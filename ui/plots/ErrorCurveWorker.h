#pragma once
// Computes the error-vs-population curves (core's errorVsPopulation) away from the GUI thread:
// the first one walks every feature of the layer over the whole record, too slow for a frame on
// a long run. The worker keeps each curve's tracker (ErrorCurveTracker), so later jobs only
// extend it over the new steps, and it hands back only the points the plot does not show yet
// (the plot's count is asked for when a job starts: setShownPoints). Requests for the same
// curve coalesce; the latest wins. Jobs are spaced out by their own duration.
//
// One plain std::thread, handed jobs and results under a std::mutex (no Qt event posting
// across threads), so ThreadSanitizer sees every hand-over; the GUI side polls for results.
#include "ErrorSummary.h"
#include "SharedPopulation.h"

#include <QObject>
#include <QString>
#include <QTimer>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace bnlab {

struct ErrorCurveResult {
    QString key; // which dashboard curve
    EstimatorSpec spec;
    ErrorCurve curve;     // the curve's points from index `from` on
    std::size_t from = 0; // 0: the whole curve; otherwise the points to append to `from` shown
};

class ErrorCurveWorker : public QObject {
    Q_OBJECT
  public:
    explicit ErrorCurveWorker(QObject* parent = nullptr);
    ~ErrorCurveWorker() override; // drops queued work, joins the thread

    // Queues the curves of `specs` (by key) for `layer` on the record so far. If
    // `synchronous`, computes them here and emits ready() before returning.
    // The population comes as a snapshot of shared, immutable chunks (no copy here).
    void request(const BatchStatsView& stats, SharedPopulation::Chunks population, int layer,
                 const std::map<QString, EstimatorSpec>& specs, bool synchronous);
    // A new run or layer: forget everything queued or in flight.
    void cancelAll();
    // Finishes the queued work and delivers it (headless exports, tests).
    void waitForDone();
    bool busy() const { return busy_ || !pending_.empty(); }
    // How many points of a curve (key, spec) the plot shows, so that a job hands back only the
    // ones after them; asked on the GUI thread when a job starts and when its result arrives.
    // A result whose `from` no longer matches is computed again. Without it, whole curves.
    using ShownPoints = std::function<std::size_t(const QString&, const EstimatorSpec&)>;
    void setShownPoints(ShownPoints shown) { shown_ = std::move(shown); }

  signals:
    void ready(const std::vector<bnlab::ErrorCurveResult>& results);

  private:
    struct Wanted {
        EstimatorSpec spec;
        std::size_t from = 0; // the points the plot shows already
    };
    struct Job {
        quint64 id = 0;
        quint64 run = 0; // the trackers are kept while this stays the same
        BatchStatsView stats;
        SharedPopulation::Chunks population;
        int layer = 0;
        std::map<QString, Wanted> curves;
    };
    struct Done {
        quint64 id = 0;
        double ms = 0.0;
        std::vector<ErrorCurveResult> results;
    };

    void startNext();
    void collect(); // GUI thread: delivers a finished job's curves
    void run();     // the worker thread
    std::vector<ErrorCurveResult> extend(const Job& job); // the worker thread
    static std::vector<ErrorCurveResult> compute(const BatchStatsView& stats,
                                                 const SharedPopulation::Chunks& population,
                                                 int layer,
                                                 const std::map<QString, EstimatorSpec>& specs);

    // GUI thread only.
    std::map<QString, EstimatorSpec> pending_;
    BatchStatsView stats_;
    SharedPopulation::Chunks population_; // the latest request's (kept for a job done again)
    int layer_ = 0;
    quint64 run_ = 1; // a new run or layer (cancelAll) starts the trackers again
    ShownPoints shown_;
    bool busy_ = false;
    quint64 nextId_ = 0;
    quint64 currentJob_ = 0; // the job whose result is awaited (0: none)
    QTimer gap_, poll_;

    // Shared with the worker thread, under mutex_.
    std::mutex mutex_;
    std::condition_variable wake_, idle_;
    std::optional<Job> job_;   // handed to the worker
    std::optional<Done> done_; // handed back
    bool running_ = false;
    bool quit_ = false;

    // The worker thread only: each curve's tracker, for the run `trackersRun_`.
    std::map<QString, ErrorCurveTracker> trackers_;
    quint64 trackersRun_ = 0;

    std::thread thread_; // declared last: started after everything it reads
};

} // namespace bnlab

Q_DECLARE_METATYPE(std::vector<bnlab::ErrorCurveResult>)
