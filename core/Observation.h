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

#include <atomic>
#include <condition_variable>
#include <cstdint>
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

// The seed of the PreciseBN batches drawn at `step`: a hash of the run's PreciseBN stream and the
// step. Each pass draws from its own stream, so passes need not run in step order (and a pass
// does not depend on the passes before it).
std::uint64_t preciseBnSeedAt(std::uint64_t streamSeed, long step);

// Computes observations. Holds its own copy of the network; jobs may come in any order.
class ObservationWork {
  public:
    ObservationWork(const TrainingConfig& config, const Mlp& model, ObservedData data,
                    std::uint64_t preciseStreamSeed);
    ObservationResult run(const ObservationJob& job);

  private:
    const Matrix& trainingInputs(long step) const;
    const Matrix& validationInputs(long step) const;
    PopulationRecord populationAt(long step);
    EvalRecord evaluateAt(const ObservationJob& job, const LayerStats* population) const;

    TrainingConfig config_;
    Mlp model_;
    ObservedData data_;
    std::uint64_t preciseStreamSeed_;
};

// Runs observations beside the thread that submits them, and returns their results in the order
// they were submitted. A thread of its own takes the jobs one after another. When `capacity` jobs
// are already waiting, submit() does the oldest waiting job itself (with its own copy of the
// work) before it queues the new one: training then helps instead of idling, so the two cores
// share the whole workload, and training never runs further ahead of its observation than
// `capacity` jobs. The destructor abandons the waiting jobs, lets the one in progress finish and
// joins the thread.
class ObservationThread {
  public:
    ObservationThread(ObservationWork work, std::size_t capacity);
    ~ObservationThread();
    ObservationThread(const ObservationThread&) = delete;
    ObservationThread& operator=(const ObservationThread&) = delete;

    void submit(ObservationJob job);
    // Appends the finished results to `out`, in submission order, up to the first one not yet
    // finished. With `all`, first helps with the waiting jobs and waits until every submitted job
    // is done. Rethrows an exception a job threw (after the results before it).
    void collect(std::vector<ObservationResult>& out, bool all);
    bool hasPending() const; // submitted jobs whose results were not collected yet

  private:
    struct Queued {
        long sequence;
        ObservationJob job;
    };
    void loop();
    // Takes the oldest waiting job and runs it with `work`, unlocked; false if none waits.
    bool runOldest(std::unique_lock<std::mutex>& lock, ObservationWork& work);

    ObservationWork work_;       // the thread's
    ObservationWork helperWork_; // the submitting thread's
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Queued> jobs_;
    // One slot per submitted job not yet collected, in submission order; the front one is job
    // number `firstUncollected_`. A slot fills when its job finishes.
    std::deque<std::optional<ObservationResult>> results_;
    long nextSequence_ = 0, firstUncollected_ = 0;
    std::size_t inProgress_ = 0;
    // Whether collect() has something to hand over (the front result, or an error): read
    // without the lock, so that the steps in between (most steps) do not take it. Written under
    // the lock; a stale value only moves a collection to the next step.
    std::atomic<bool> collectable_{false};
    std::exception_ptr error_;
    long errorSequence_ = 0; // the job that threw error_
    bool stop_ = false;
    std::thread thread_; // last: starts after everything it uses exists
};

} // namespace bnlab
