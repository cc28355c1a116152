#pragma once
// The training loop: batches, SGD, the bank of running estimators, population statistics and
// evaluations. It produces records; whoever runs it (the headless tool, the live session)
// decides where they go. Training itself never reads the running statistics.
#include "Config.h"
#include "Dataset.h"
#include "History.h"
#include "Mlp.h"
#include "Observation.h"
#include "Rng.h"
#include "RunningStats.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bnlab {

// Builds the training and validation sets a configuration asks for. `digitsCsv` is the text of
// the bundled digits file (needed only for DatasetKind::Digits when spec.path is empty).
// Throws InputError for bad files and ConfigError for bad parameters.
Split makeDatasets(const DatasetSpec& spec, std::uint64_t seed, std::string_view digitsCsv = {});

// Everything one call to Trainer::step() produced.
struct StepOutput {
    std::optional<StepRecord> step;           // empty if the run diverged at this step
    std::vector<PopulationRecord> population; // 0, 1 (or 2 on the first call: step 0 too)
    std::vector<EvalRecord> evaluations;      // likewise
    bool diverged = false;
    std::string reason; // why the run stopped (non-finite loss, gradient or statistic)
};

// Feeds a StepOutput into a History: the observation records move in; the step's record is
// copied and stays in `output`, so that its buffers can be handed back to Trainer::step.
void appendTo(History& history, StepOutput& output);
inline void appendTo(History& history, StepOutput&& output) {
    appendTo(history, output);
}

// SGD with heavy-ball momentum (PyTorch semantics): v ← μ·v + (g + λ·w);  w ← w − η·v.
class Sgd {
  public:
    Sgd(const OptimizerConfig& config, const std::vector<ParameterGroup>& groups,
        Eigen::Index size);
    void step(Vector& params, const Vector& grad, long stepIndex); // stepIndex from 0
    double learningRateAt(long stepIndex) const { return config_.learningRateAt(stepIndex); }

  private:
    OptimizerConfig config_;
    Vector velocity_;
    Vector decayMask_; // 1 for weights that decay, 0 elsewhere
};

// Yields the batches of one epoch after another.
class Batcher {
  public:
    Batcher(const std::vector<int>& labels, int classes, int batchSize, BatchOrder order,
            std::uint64_t seed);
    const std::vector<Eigen::Index>& next(); // indices of the next batch
    long epoch() const { return epoch_; }    // epoch of the batch last returned (from 0)
    long batchesPerEpoch() const { return long(order_.size()) / batchSize_; }

  private:
    void newEpoch();
    std::vector<int> labels_;
    int classes_, batchSize_;
    BatchOrder batchOrder_;
    Rng rng_;
    std::vector<Eigen::Index> order_;
    std::vector<long> batchStarts_;
    std::vector<Eigen::Index> batch_;
    long position_ = 0, epoch_ = -1;
};

// What a front end needs to label a run.
struct RunInfo {
    std::string dataset;
    std::vector<std::string> bnLayerNames;
    std::vector<Eigen::Index> bnFeatures;
    long trainingSamples = 0, validationSamples = 0, batchesPerEpoch = 0;
    int classes = 0;
    Eigen::Index inputs = 0;
};

// Where population statistics, PreciseBN and evaluations are computed. Parallel: on a thread of
// their own, from a snapshot of their step's weights and running estimates, while training goes
// on; their records then arrive with a later step's output (in order) and the record is the same
// bit for bit as Serial's.
enum class ObservationMode { Serial, Parallel };

class Trainer {
  public:
    // Validates the configuration against the data (throws ConfigError).
    Trainer(TrainingConfig config, Split data, ObservationMode mode = ObservationMode::Serial);
    Trainer(const Trainer&) = delete; // the observation thread reads the data in place
    Trainer& operator=(const Trainer&) = delete;
    ~Trainer();

    // One training step, plus the observation records that are ready. A diverged step waits for
    // every observation still in progress, so its output completes the record. `reuse` may be
    // a spent record (of this run, already appended to a History): the step fills its buffers
    // instead of allocating new ones, with the same numbers.
    StepOutput step(StepRecord reuse = {});
    // Waits for the observations still in progress and returns their records (Parallel mode;
    // nothing to wait for in Serial mode). Call it before reading a History as complete.
    StepOutput finishObservations();
    bool hasPendingObservations() const;
    ObservationMode observationMode() const { return mode_; }
    long stepsDone() const { return step_; }
    bool diverged() const { return diverged_; }
    const std::string& divergenceReason() const { return reason_; }

    const TrainingConfig& config() const { return config_; }
    const Mlp& model() const { return model_; }
    const Dataset& trainingSet() const { return data_.train; }
    const Dataset& validationSet() const { return data_.validation; }
    long epoch() const { return batcher_.epoch(); }
    // The online running estimates: [estimator of the bank][BN layer].
    const std::vector<std::vector<RunningEstimate>>& runningEstimates() const { return bank_; }
    History emptyHistory() const; // a History shaped for this model
    RunInfo info() const;

    // The inputs as the model sees them at `step` (the distribution shift applied from its step).
    const Matrix& trainingInputs(long step) const;
    const Matrix& validationInputs(long step) const;
    LayerStats estimatorStats(std::size_t estimator) const;

  private:
    void addPeriodicRecords(long step, StepOutput& out);
    void collectObservations(StepOutput& out, bool all);

    TrainingConfig config_;
    Split data_;
    Matrix shiftedTrain_, shiftedValidation_;
    Mlp model_;
    Sgd sgd_;
    Batcher batcher_;
    std::vector<std::vector<RunningEstimate>> bank_;
    long step_ = 0;
    bool diverged_ = false;
    std::string reason_;
    Matrix batchX_;
    std::vector<int> batchY_;
    ObservationMode mode_;
    std::optional<ObservationWork> serialObservation_;
    std::unique_ptr<ObservationThread> observationThread_; // last: stopped first
};

} // namespace bnlab
