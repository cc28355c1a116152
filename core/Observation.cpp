#include "Observation.h"

#include "PreciseBn.h"

namespace bnlab {

// ---- the work ---------------------------------------------------------------------------------

ObservationWork::ObservationWork(const TrainingConfig& config, const Mlp& model, ObservedData data,
                                 Rng preciseRng)
    : config_(config), model_(model), data_(data), preciseRng_(preciseRng) {}

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
    if (config_.preciseBnBatches > 0)
        record.precise =
            estimatePreciseBn(model_, x, config_.preciseBnBatches, config_.batchSize, preciseRng_);
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
    : work_(std::move(work)), capacity_(std::max<std::size_t>(1, capacity)),
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

void ObservationThread::submit(ObservationJob job) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return jobs_.size() < capacity_ || error_; });
    if (error_)
        return; // reported by the next collect()
    jobs_.push_back(std::move(job));
    lock.unlock();
    wake_.notify_all();
}

void ObservationThread::collect(std::vector<ObservationResult>& out, bool all) {
    std::unique_lock lock(mutex_);
    if (all)
        wake_.wait(lock, [this] { return (jobs_.empty() && inProgress_ == 0) || error_; });
    while (!done_.empty()) {
        out.push_back(std::move(done_.front()));
        done_.pop_front();
    }
    if (error_) {
        // The failed job and everything after it are lost; so is the observation thread.
        jobs_.clear();
        std::rethrow_exception(error_);
    }
}

bool ObservationThread::hasPending() const {
    std::lock_guard lock(mutex_);
    return !jobs_.empty() || inProgress_ > 0 || !done_.empty();
}

void ObservationThread::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
        if (stop_)
            return;
        ObservationJob job = std::move(jobs_.front());
        jobs_.pop_front();
        ++inProgress_;
        lock.unlock();
        wake_.notify_all(); // room for the next job
        std::optional<ObservationResult> result;
        std::exception_ptr error;
        try {
            result = work_.run(job);
        } catch (...) {
            error = std::current_exception();
        }
        job = {}; // drop the weight snapshot outside the lock
        lock.lock();
        --inProgress_;
        if (error) {
            error_ = error;
            jobs_.clear();
        } else {
            done_.push_back(std::move(*result));
        }
        wake_.notify_all();
        if (error_)
            return;
    }
}

} // namespace bnlab
