#include "Observation.h"

#include "PreciseBn.h"

#include <algorithm>

#ifdef __linux__
#include <cerrno>
#include <pthread.h>
#include <sys/resource.h>
#endif

namespace bnlab {

namespace {
#ifdef __linux__
constexpr int ObservationNiceness = 4;
#endif
} // namespace

// ---- the work ---------------------------------------------------------------------------------

std::uint64_t preciseBnSeedAt(std::uint64_t streamSeed, long step) {
    // MurmurHash3's 64-bit finalizer over the step, mixed into the stream's seed and mixed again:
    // neighbouring steps get unrelated seeds (Rng's own seeding would overlap for seeds that
    // differ by its increment).
    auto mix = [](std::uint64_t z) {
        z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCDull;
        z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53ull;
        return z ^ (z >> 33);
    };
    return mix(streamSeed ^ mix(std::uint64_t(step) + 0x632BE59BD9B4E019ull));
}

ObservationWork::ObservationWork(const TrainingConfig& config, const Mlp& model, ObservedData data,
                                 std::uint64_t preciseStreamSeed)
    : config_(config), model_(model), data_(data), preciseStreamSeed_(preciseStreamSeed) {}

const Matrix& ObservationWork::trainingInputs(long step) const {
    return config_.shift.enabled && step >= config_.shift.atStep ? *data_.shiftedTrain
                                                                 : *data_.train;
}
const Matrix& ObservationWork::validationInputs(long step) const {
    return config_.shift.enabled && step >= config_.shift.atStep ? *data_.shiftedValidation
                                                                 : *data_.validation;
}

PopulationRecord ObservationWork::populationAt(long step) {
    PopulationRecord record;
    record.step = step;
    const Matrix& x = trainingInputs(step);
    record.exact = model_.populationStatistics(x);
    if (config_.preciseBnBatches > 0) {
        Rng rng(preciseBnSeedAt(preciseStreamSeed_, step));
        record.precise =
            estimatePreciseBn(model_, x, config_.preciseBnBatches, config_.batchSize, rng);
    }
    return record;
}

EvalRecord ObservationWork::evaluateAt(const ObservationJob& job,
                                       const LayerStats* population) const {
    EvalRecord record;
    record.step = job.step;
    const Matrix& x = validationInputs(job.step);
    const auto& y = *data_.validationLabels;
    record.batchStatistics = model_.evaluateWithBatchStatistics(x, y, config_.batchSize);
    const LayerStats exact =
        population ? *population : model_.populationStatistics(trainingInputs(job.step));
    record.population = model_.evaluate(x, y, exact);
    for (const LayerStats& stats : job.estimators)
        record.estimators.push_back(model_.evaluate(x, y, stats));
    if (config_.keepWeightSnapshots)
        record.weights = job.weights;
    return record;
}

ObservationResult ObservationWork::run(const ObservationJob& job) {
    model_.parameters() = *job.weights;
    ObservationResult result;
    if (job.population)
        result.population = populationAt(job.step);
    if (job.evaluate)
        result.evaluation =
            evaluateAt(job, result.population ? &result.population->exact : nullptr);
    return result;
}

// ---- the thread -------------------------------------------------------------------------------

ObservationThread::ObservationThread(ObservationWork work, std::size_t capacity)
    : work_(work), helperWork_(std::move(work)), capacity_(std::max<std::size_t>(1, capacity)),
      thread_([this] { loop(); }) {}

ObservationThread::~ObservationThread() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        jobs_.clear();
    }
    wake_.notify_all();
    thread_.join();
}

bool ObservationThread::runOldest(std::unique_lock<std::mutex>& lock, ObservationWork& work) {
    if (jobs_.empty())
        return false;
    Queued queued = std::move(jobs_.front());
    jobs_.pop_front();
    ++inProgress_;
    lock.unlock(); // nobody waits for room: submit() helps instead of waiting
    std::optional<ObservationResult> result;
    std::exception_ptr error;
    try {
        result = work.run(queued.job);
    } catch (...) {
        error = std::current_exception();
    }
    queued.job = {}; // drop the weight snapshot outside the lock
    lock.lock();
    --inProgress_;
    if (error) {
        if (!error_ || queued.sequence < errorSequence_) {
            error_ = error;
            errorSequence_ = queued.sequence;
        }
        jobs_.clear();
    } else {
        results_[std::size_t(queued.sequence - firstUncollected_)] = std::move(*result);
    }
    if (error || queued.sequence == firstUncollected_)
        collectable_.store(true, std::memory_order_release);
    wake_.notify_all();
    return true;
}

void ObservationThread::submit(ObservationJob job) {
    std::unique_lock lock(mutex_);
    while (jobs_.size() >= capacity_ && !error_)
        runOldest(lock, helperWork_);
    if (error_)
        return; // reported by the next collect()
    jobs_.push_back({nextSequence_++, std::move(job)});
    results_.emplace_back();
    lock.unlock();
    wake_.notify_all();
}

void ObservationThread::collect(std::vector<ObservationResult>& out, bool all) {
    if (!all && !collectable_.load(std::memory_order_acquire))
        return;
    std::unique_lock lock(mutex_);
    if (all) {
        while (!error_ && runOldest(lock, helperWork_)) {
        }
        wake_.wait(lock, [this] { return (jobs_.empty() || error_) && inProgress_ == 0; });
    }
    if (error_) // every result before the failed job, once the jobs in progress are done
        wake_.wait(lock, [this] { return inProgress_ == 0; });
    while (!results_.empty() && results_.front() &&
           (!error_ || firstUncollected_ < errorSequence_)) {
        out.push_back(std::move(*results_.front()));
        results_.pop_front();
        ++firstUncollected_;
    }
    collectable_.store(error_ || (!results_.empty() && results_.front()),
                       std::memory_order_relaxed); // under the lock, as every write
    if (error_) {
        // The failed job and everything after it are lost; so is the observation thread.
        jobs_.clear();
        results_.clear();
        std::rethrow_exception(error_);
    }
}

bool ObservationThread::hasPending() const {
    std::lock_guard lock(mutex_);
    return !jobs_.empty() || inProgress_ > 0 || !results_.empty();
}

void ObservationThread::loop() {
#ifdef __linux__
    pthread_setname_np(pthread_self(), "bnlab-observe"); // in top, perf and gdb
    // A little below the thread that made it (Linux nice values are per thread): when cores are
    // short, as with a window drawing beside training, the window and training get them first,
    // and training does the observation it waits for itself. With cores to spare it changes
    // nothing. Lowering one's own priority is always allowed.
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, 0);
    if (errno == 0)
        setpriority(PRIO_PROCESS, 0, std::min(nice + ObservationNiceness, 19));
#endif
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (stop_)
            return;
        runOldest(lock, work_);
        if (error_)
            return;
    }
}

} // namespace bnlab
