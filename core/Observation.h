#pragma once
// The periodic observation of a run: exact population statistics with PreciseBN every P steps
// and validation in three modes every V steps, each computed from the weights (and running
// estimates) of its own step. The work is the same whether it runs on the training thread or
// beside it (ObservationThread): the same code on the same inputs, so the record is the same bit
// for bit.
#include "Config.h"
#include "History.h"
#include "Mlp.h"
#include "Rng.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace bnlab {

// What to observe at one step, with the state it needs (a snapshot: training goes on).
struct ObservationJob {
    long step = 0;
    bool population = false, evaluate = false;
    std::shared_ptr<const Vector> weights;
    std::vector<LayerStats> estimators; // the bank's running estimates (evaluations only)
};

struct ObservationResult {
    std::optional<PopulationRecord> population;
    std::optional<EvalRecord> evaluation;
};

// The data an observation reads. Immutable for the run; owned by the Trainer.
struct ObservedData {
    const Matrix* train = nullptr;
    const Matrix* shiftedTrain = nullptr;
    const Matrix* validation = nullptr;
    const Matrix* shiftedValidation = nullptr;
    const std::vector<int>* validationLabels = nullptr;
};

// Computes observations, one job after another. Owns its own copy of the network and the
// PreciseBN random stream, which jobs consume in step order.
class ObservationWork {
  public:
    ObservationWork(const TrainingConfig& config, const Mlp& model, ObservedData data,
                    Rng preciseRng);
    ObservationResult run(const ObservationJob& job);

  private:
    const Matrix& trainingInputs(long step) const;
    const Matrix& validationInputs(long step) const;
    PopulationRecord populationAt(long step);
    EvalRecord evaluateAt(const ObservationJob& job, const LayerStats* population) const;

    TrainingConfig config_;
    Mlp model_;
    ObservedData data_;
    Rng preciseRng_;
};

// Runs an ObservationWork on its own thread. Jobs are done in the order they were submitted and
// their results come back in that order. At most `capacity` jobs wait: submit() then blocks, so
// training never runs further ahead of its observation than that. The destructor abandons the
// waiting jobs, lets the one in progress finish and joins the thread.
class ObservationThread {
  public:
    ObservationThread(ObservationWork work, std::size_t capacity);
    ~ObservationThread();
    ObservationThread(const ObservationThread&) = delete;
    ObservationThread& operator=(const ObservationThread&) = delete;

    void submit(ObservationJob job);
    // Appends the finished results to `out`, in order; with `all`, waits until every submitted
    // job is done. Rethrows an exception a job threw (after the results before it).
    void collect(std::vector<ObservationResult>& out, bool all);
    bool hasPending() const; // submitted jobs whose results were not collected yet

  private:
    void loop();

    ObservationWork work_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<ObservationJob> jobs_;
    std::deque<ObservationResult> done_;
    std::size_t inProgress_ = 0;
    std::exception_ptr error_;
    bool stop_ = false;
    std::thread thread_; // last: starts after everything it uses exists
};

} // namespace bnlab
