#pragma once
// The live run: the engine steps on its own QThread; the GUI thread owns the History and
// drains new records into it at frame rate. Neither side ever waits for the other beyond a
// pointer swap: commands are flags under a mutex that the worker checks between steps.
//
// Changing the BN momentum never restarts anything: training does not read running
// statistics, so the GUI replays any momentum from the History.
#include "History.h"
#include "Limits.h"
#include "ObservationSpacing.h"
#include "RunFile.h"
#include "SnapshotEvaluator.h"
#include "Trainer.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

class QThread;

namespace bnlab {

class TrainingSession : public QObject {
    Q_OBJECT
  public:
    static constexpr long DefaultStepCap = long(limits::Steps.max);
    // A configuration whose history cannot hold this many steps within the memory budget is
    // refused; between this and DefaultStepCap the step cap shrinks to what fits.
    static constexpr long MinimumBudgetSteps = 1000;

    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    // Starts a new, paused run. Throws InputError or ConfigError (the current run is kept),
    // also when the run's memory estimate exceeds the budget (MemoryBudget.h).
    void configure(const TrainingConfig& config);
    const TrainingConfig& configuration() const { return config_; }

    // Shows a recorded run (RunFile) instead of a live one: its History and RunInfo, no trainer,
    // so play and step do nothing; configuration().estimators are the file's estimators (the
    // ones its evaluations refer to). configure() or reset() starts a live run again.
    void openRun(RecordedRun run);
    bool isRecordedRun() const { return recorded_.has_value(); }
    // The opened run's description, or null during a live run.
    const RunDescription* recordedRun() const { return recorded_ ? &*recorded_ : nullptr; }

    void play();
    void pause();
    void togglePlay() { isPlaying() ? pause() : play(); }
    void stepOnce() { stepN(1); }
    void stepN(long n);
    void reset(bool newSeed = false); // a fresh run of the same configuration
    // Steps per second while playing; 0 = as fast as possible.
    void setSpeed(double stepsPerSecond);
    double speed() const { return speed_; }
    void setStepCap(long steps); // the run pauses when the history holds this many steps

    bool isPlaying() const { return playingShown_; }
    bool isDiverged() const { return !divergence_.isEmpty(); }
    QString divergenceReason() const { return divergence_; }
    bool isAtCap() const { return history_.steps() >= effectiveStepCap(); }
    // The cap in force: the one set, or fewer steps if only those fit in the memory budget.
    long stepCap() const { return effectiveStepCap(); }

    // GUI thread only: everything drained so far.
    const History& history() const { return history_; }
    long epoch() const { return history_.epoch().empty() ? 0 : history_.epoch().back(); }
    double measuredStepsPerSecond() const { return measuredRate_; }
    std::shared_ptr<const SnapshotEvaluator> evaluator() const { return evaluator_; }
    const RunInfo& info() const { return info_; }
    // Population statistics, PreciseBN and evaluations run beside training, on their own thread.
    // On large data they are spaced out so they keep up (see ObservationSpacing.h); this is the
    // spacing the current run uses, P and V as configured when spacedOut() is false.
    const ObservationSpacing& observationSpacing() const { return spacing_; }
    // For the status bar: " · observation spaced out …" when it is, otherwise empty.
    QString observationSpacingNote() const;

    // True when the worker has nothing to do or finish (observations included) and everything
    // it produced has been drained: the record is complete for the steps taken so far.
    bool isIdle();

    // Moves whatever the worker produced into the history now (normally done by a timer at
    // frame rate). Returns the number of steps appended.
    long drain();

    // The bundled handwritten-digits data (from the Qt resources).
    static std::string digitsCsv();

  signals:
    void updated(); // new records arrived (at most once per frame)
    void playingChanged(bool playing);
    void historyReset(); // a new run started: the history is empty again
    void divergedWith(const QString& reason);
    void capReached(long steps);
    // A new run started whose observation is spaced out (or no longer is).
    void observationSpacingChanged(const bnlab::ObservationSpacing& spacing);

  private:
    void workerLoop();
    void startRun(std::unique_ptr<Trainer> trainer);
    void setPlayingShown(bool playing);
    long effectiveStepCap() const { return std::min(stepCap_, budgetCap_); }

    TrainingConfig config_;
    TrainingConfig liveConfig_; // the live configuration while a recorded run is shown
    std::optional<RunDescription> recorded_;
    History history_;
    std::shared_ptr<const SnapshotEvaluator> evaluator_;
    RunInfo info_;
    ObservationSpacing spacing_;
    QString divergence_;
    bool playingShown_ = false;
    double speed_ = 0.0;
    long stepCap_ = DefaultStepCap;
    long budgetCap_ = DefaultStepCap;
    QTimer drainTimer_;
    QElapsedTimer rateClock_;
    std::vector<StepOutput> drained_; // drain()'s, swapped with outbox_: both keep their capacity
    long rateSteps_ = 0;
    double measuredRate_ = 0.0;

    // Shared with the worker, guarded by mutex_.
    std::mutex mutex_;
    std::condition_variable wake_;
    std::unique_ptr<Trainer> nextTrainer_;
    unsigned generation_ = 0;
    bool playing_ = false;
    long pendingSteps_ = 0;
    double workerSpeed_ = 0.0;
    long workerCap_ = DefaultStepCap;
    bool quit_ = false;
    bool workerFinished_ = false;
    bool workerIdle_ = false; // waiting for a command, with no observation in progress
    std::vector<StepOutput> outbox_;
    // Step records the GUI thread has appended, handed back for the worker's next steps: in
    // steady play no step allocates its record, and no record is freed on a thread other than
    // the one that made it.
    std::vector<StepRecord> spareRecords_;

    QThread* thread_ = nullptr; // owned: joined and deleted in the destructor
};

} // namespace bnlab
