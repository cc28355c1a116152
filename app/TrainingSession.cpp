#include "TrainingSession.h"

#include "FaultInjection.h"
#include "Limits.h"
#include "MemoryBudget.h"

#include <QFile>
#include <QRandomGenerator>
#include <QThread>
#include <chrono>

namespace bnlab {

namespace {
constexpr int FrameMs = 16; // drain and notify at most ~60 times a second
constexpr std::size_t MaxSpareRecords = 8192;
} // namespace

TrainingSession::TrainingSession(QObject* parent) : QObject(parent) {
    drainTimer_.setInterval(FrameMs);
    connect(&drainTimer_, &QTimer::timeout, this, [this] { drain(); });
    drainTimer_.start();
    rateClock_.start();
    thread_ = QThread::create([this] { workerLoop(); });
    thread_->setObjectName(QStringLiteral("bnlab-engine"));
    thread_->start();
}

TrainingSession::~TrainingSession() {
    {
        std::lock_guard lock(mutex_);
        quit_ = true;
    }
    wake_.notify_all();
    // Wait for the worker's own "finished" under our mutex first: QThread::wait() synchronizes
    // through Qt's futex-based QMutex, which ThreadSanitizer cannot see.
    {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return workerFinished_; });
    }
    thread_->wait(); // returns at once: the worker's loop has ended
    delete thread_;
}

std::string TrainingSession::digitsCsv() {
    QFile file(QStringLiteral(":/data/digits.csv"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

void TrainingSession::configure(const TrainingConfig& config) {
    // Built here so bad input is reported at once and the running session is left untouched:
    // the ranges before any data exists, the memory budget before anything runs.
    injectFaultAt("configure");
    validateRanges(config);
    Split data = makeDatasets(config.data, config.seed,
                              config.data.kind == DatasetKind::Digits && config.data.path.empty()
                                  ? digitsCsv()
                                  : std::string());
    const MemoryEstimate estimate =
        estimateRunMemory(config, {long(data.train.size()), long(data.validation.size()),
                                   long(data.train.features()), long(data.train.classes)});
    // The run must fit with a useful history; past the budget the step cap pauses it.
    const long fitting = stepsWithinBudget(estimate, DefaultStepCap, memoryBudget());
    if (fitting < MinimumBudgetSteps)
        requireWithinBudget(estimate, MinimumBudgetSteps, memoryBudget());
    const ObservationSpacing spacing =
        liveObservationSpacing(config, data.train.size(), data.validation.size());
    auto trainer = std::make_unique<Trainer>(withSpacing(config, spacing), std::move(data),
                                             ObservationMode::Parallel);
    config_ = config;
    budgetCap_ = fitting;
    const bool spacingChanged = spacing.spacedOut() || spacing_.spacedOut();
    spacing_ = spacing;
    startRun(std::move(trainer));
    setStepCap(stepCap_);
    if (spacingChanged)
        emit observationSpacingChanged(spacing_);
}

QString TrainingSession::observationSpacingNote() const {
    if (!spacing_.spacedOut())
        return {};
    return tr(" · large data: population every %1 steps, evaluation every %2 (×%3, so "
              "observation keeps up with training)")
        .arg(spacing_.populationEvery)
        .arg(spacing_.evaluateEvery)
        .arg(spacing_.factor);
}

void TrainingSession::reset(bool newSeed) {
    TrainingConfig config = recorded_ ? liveConfig_ : config_;
    if (newSeed)
        config.seed = QRandomGenerator::global()->bounded(1, 1'000'000);
    configure(config);
}

void TrainingSession::openRun(RecordedRun run) {
    if (!recorded_)
        liveConfig_ = config_;
    {
        std::lock_guard lock(mutex_);
        ++generation_; // whatever the worker still produces belongs to the old run
        nextTrainer_.reset();
        outbox_.clear();
        playing_ = false;
        pendingSteps_ = 0;
    }
    wake_.notify_all();
    evaluator_.reset(); // no trainer: play and step are off, accuracy only where recorded
    info_ = run.description.info;
    config_ = liveConfig_;
    config_.estimators = run.description.estimators;
    history_ = std::move(run.history);
    recorded_ = std::move(run.description);
    divergence_.clear();
    rateSteps_ = 0;
    measuredRate_ = 0.0;
    setPlayingShown(false);
    emit historyReset();
    emit updated();
}

void TrainingSession::startRun(std::unique_ptr<Trainer> trainer) {
    recorded_.reset();
    evaluator_ = std::make_shared<const SnapshotEvaluator>(*trainer);
    info_ = trainer->info();
    history_ = trainer->emptyHistory();
    divergence_.clear();
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        nextTrainer_ = std::move(trainer);
        outbox_.clear(); // records of the old run that were not drained yet
        spareRecords_.clear();
        playing_ = false;
        pendingSteps_ = 0;
    }
    wake_.notify_all();
    rateSteps_ = 0;
    measuredRate_ = 0.0;
    rateClock_.restart();
    setPlayingShown(false);
    emit historyReset();
    emit updated();
}

void TrainingSession::play() {
    if (!evaluator_ || isDiverged() || isAtCap())
        return;
    {
        std::lock_guard lock(mutex_);
        playing_ = true;
    }
    wake_.notify_all();
    setPlayingShown(true);
}

void TrainingSession::pause() {
    {
        std::lock_guard lock(mutex_);
        playing_ = false;
        pendingSteps_ = 0;
    }
    wake_.notify_all();
    setPlayingShown(false);
}

void TrainingSession::stepN(long n) {
    if (!evaluator_ || n <= 0 || isDiverged() || isAtCap())
        return;
    {
        std::lock_guard lock(mutex_);
        if (playing_)
            return; // already running: a step command has nothing to add
        pendingSteps_ += n;
    }
    wake_.notify_all();
}

void TrainingSession::setSpeed(double stepsPerSecond) {
    speed_ = std::max(0.0, stepsPerSecond);
    {
        std::lock_guard lock(mutex_);
        workerSpeed_ = speed_;
    }
    wake_.notify_all();
}

void TrainingSession::setStepCap(long steps) {
    stepCap_ = std::max(1L, steps);
    std::lock_guard lock(mutex_);
    workerCap_ = effectiveStepCap();
}

void TrainingSession::setPlayingShown(bool playing) {
    if (playing == playingShown_)
        return;
    playingShown_ = playing;
    emit playingChanged(playing);
}

long TrainingSession::drain() {
    bool workerPlaying;
    {
        std::lock_guard lock(mutex_);
        drained_.swap(outbox_);
        workerPlaying = playing_ || pendingSteps_ > 0;
    }
    long steps = 0;
    QString reason;
    const bool hadOutput = !drained_.empty();
    for (auto& out : drained_) {
        if (out.diverged)
            reason = QString::fromStdString(out.reason);
        appendTo(history_, out);
        steps += out.step ? 1 : 0;
    }
    if (steps > 0) {
        std::lock_guard lock(mutex_);
        // Enough for the steps of a slow frame or two; beyond that they are freed here.
        for (auto& out : drained_)
            if (out.step && spareRecords_.size() < MaxSpareRecords)
                spareRecords_.push_back(std::move(*out.step));
    }
    drained_.clear();
    rateSteps_ += steps;
    if (rateClock_.elapsed() >= 500) { // steps/s over the last half second or so
        measuredRate_ = 1000.0 * double(rateSteps_) / double(rateClock_.restart());
        rateSteps_ = 0;
    }
    if (!reason.isEmpty() && divergence_.isEmpty()) {
        divergence_ = reason;
        emit divergedWith(reason);
    }
    if (!workerPlaying)
        setPlayingShown(false);
    if (steps > 0 && isAtCap())
        emit capReached(history_.steps());
    if (hadOutput)
        emit updated();
    return steps;
}

bool TrainingSession::isIdle() {
    std::lock_guard lock(mutex_);
    return workerIdle_ && !playing_ && pendingSteps_ == 0 && !nextTrainer_ && outbox_.empty();
}

void TrainingSession::workerLoop() {
    using Clock = std::chrono::steady_clock;
    std::unique_ptr<Trainer> trainer;
    unsigned generation = 0;
    Clock::time_point nextStepAt = Clock::now();

    std::unique_lock lock(mutex_);
    for (;;) {
        // Going idle (paused, or the last of "step N" done): bring in the observations still in
        // progress first, so that a paused run's record is complete.
        if (trainer && !quit_ && !nextTrainer_ && !playing_ && pendingSteps_ == 0 &&
            trainer->hasPendingObservations()) {
            lock.unlock();
            StepOutput out;
            try {
                out = trainer->finishObservations();
            } catch (const std::exception& e) {
                out.diverged = true;
                out.reason = std::string("the engine stopped: ") + e.what();
            }
            lock.lock();
            if (generation == generation_)
                outbox_.push_back(std::move(out));
            continue;
        }
        workerIdle_ = true; // seen by isIdle() only while we wait: the lock is ours otherwise
        wake_.wait(lock, [&] {
            return quit_ || nextTrainer_ || (trainer && (playing_ || pendingSteps_ > 0));
        });
        workerIdle_ = false;
        if (quit_)
            break;
        if (nextTrainer_) {
            auto old = std::move(trainer);
            trainer = std::move(nextTrainer_);
            generation = generation_;
            lock.unlock();
            old.reset(); // freed outside the lock
            lock.lock();
            continue;
        }
        if (trainer->diverged() || trainer->stepsDone() >= workerCap_) {
            playing_ = false;
            pendingSteps_ = 0;
            continue;
        }
        // The speed cap applies while playing and to "step N"; a single step is immediate.
        const bool single = !playing_ && pendingSteps_ == 1;
        if (workerSpeed_ > 0 && !single) {
            const auto now = Clock::now();
            if (now < nextStepAt) {
                wake_.wait_until(lock, nextStepAt); // a command wakes us early
                continue;
            }
            const auto period = std::chrono::duration_cast<Clock::duration>(
                std::chrono::duration<double>(1.0 / workerSpeed_));
            nextStepAt = std::max(nextStepAt + period, now);
        }
        StepRecord reuse;
        if (!spareRecords_.empty()) {
            reuse = std::move(spareRecords_.back());
            spareRecords_.pop_back();
        }
        lock.unlock();
        StepOutput out;
        // The thread's boundary: an exception stops this run with a message, never the app.
        try {
            injectFaultAt("worker-step");
            out = trainer->step(std::move(reuse)); // the only long part: no lock held
        } catch (const std::bad_alloc&) {
            out = StepOutput{};
            out.diverged = true;
            out.reason = "the engine stopped: out of memory. Lower the steps, widths, samples or "
                         "PreciseBN batches; the history so far is kept.";
        } catch (const std::exception& e) {
            out = StepOutput{};
            out.diverged = true;
            out.reason = std::string("the engine stopped: ") + e.what();
        } catch (...) {
            out = StepOutput{};
            out.diverged = true;
            out.reason = "the engine stopped: an unknown exception";
        }
        lock.lock();
        if (generation != generation_)
            continue; // a new run started during this step: drop its result
        if (!playing_ && pendingSteps_ > 0)
            --pendingSteps_;
        if (out.diverged) {
            playing_ = false;
            pendingSteps_ = 0;
        }
        outbox_.push_back(std::move(out));
    }
    trainer.reset();
    workerFinished_ = true; // under the lock; the destructor waits for it
    wake_.notify_all();
}

} // namespace bnlab
