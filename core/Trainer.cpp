#include "Trainer.h"

#include "Errors.h"
#include "Limits.h"
#include "TextEscape.h"

#include <cmath>
#include <numeric>
#include <sstream>

namespace bnlab {

namespace {
// Independent streams for the independent random choices of a run, all from one seed.
enum Stream : std::uint64_t { DataStream = 1, SplitStream, InitStream, BatchStream, PreciseStream };
std::uint64_t streamSeed(std::uint64_t seed, Stream s) {
    return seed * 0x9E3779B97F4A7C15ull + s;
}

bool allFinite(const LayerStats& s) {
    for (std::size_t l = 0; l < s.mean.size(); ++l)
        if (!s.mean[l].allFinite() || !s.var[l].allFinite())
            return false;
    return true;
}
} // namespace

Split makeDatasets(const DatasetSpec& spec, std::uint64_t seed, std::string_view digitsCsv) {
    const bool synthetic = spec.kind != DatasetKind::Digits && spec.kind != DatasetKind::CsvFile;
    if (synthetic) { // checked before anything is generated
        requireWithin(limits::Samples, spec.samples);
        requireWithin(limits::Noise, spec.noise);
    }
    Rng dataRng(streamSeed(seed, DataStream));
    Rng splitRng(streamSeed(seed, SplitStream));
    Dataset all;
    switch (spec.kind) {
    case DatasetKind::Blobs:
        all = makeBlobs(spec.samples, spec.classes, spec.noise, dataRng);
        break;
    case DatasetKind::Moons:
        all = makeMoons(spec.samples, spec.noise, dataRng);
        break;
    case DatasetKind::Circles:
        all = makeCircles(spec.samples, spec.noise, dataRng);
        break;
    case DatasetKind::Spirals:
        all = makeSpirals(spec.samples, spec.classes, spec.noise, dataRng);
        break;
    case DatasetKind::Xor:
        all = makeXor(spec.samples, spec.noise, dataRng);
        break;
    case DatasetKind::Digits:
        if (!spec.path.empty()) {
            all = loadCsv(spec.path);
        } else {
            if (digitsCsv.empty())
                throw ConfigError("digits: the bundled data file was not provided");
            std::istringstream in{std::string(digitsCsv)};
            all = parseCsv(in, "digits.csv");
        }
        all.name = "digits";
        break;
    case DatasetKind::CsvFile:
        if (spec.path.empty())
            throw ConfigError("dataset.path: the dataset kind is csv but no file is given");
        all = loadCsv(spec.path);
        break;
    }
    if (spec.validationPath.empty())
        return splitTrainValidation(all, spec.validationFraction, splitRng);

    Dataset validation = loadCsv(spec.validationPath);
    const std::string shown = escapeControlCharacters(spec.validationPath);
    const std::string training = all.source.empty()
                                     ? "the training set (" + all.name + ")"
                                     : "the training file " + escapeControlCharacters(all.source);
    if (validation.features() != all.features())
        throw InputError(shown + ": has " + std::to_string(validation.features()) +
                         " feature columns, " + training + " has " +
                         std::to_string(all.features()));
    // Labels are mapped to 0 … k-1 per file, so equal counts are not enough: {1, 2, 3} and
    // {0, 1, 2} would silently mean different classes.
    if (validation.labelValues != all.labelValues)
        throw InputError(shown + ": class labels " + describeLabels(validation.labelValues) +
                         " are not those of " + training + ", " + describeLabels(all.labelValues) +
                         "; both files must use the same set of class labels");
    return {std::move(all), std::move(validation)};
}

void appendTo(History& history, StepOutput& output) {
    if (output.step)
        history.append(*output.step);
    for (auto& p : output.population)
        history.append(std::move(p)); // moved: the outputs are cleared below
    for (auto& e : output.evaluations)
        history.append(std::move(e));
    output.population.clear();
    output.evaluations.clear();
}

// ---- SGD --------------------------------------------------------------------------------------

Sgd::Sgd(const OptimizerConfig& config, const std::vector<ParameterGroup>& groups,
         Eigen::Index size)
    : config_(config), velocity_(Vector::Zero(size)), decayMask_(Vector::Zero(size)) {
    for (const auto& g : groups)
        if (g.decays)
            decayMask_.segment(g.offset, g.size).setOnes();
}

void Sgd::step(Vector& params, const Vector& grad, long stepIndex) {
    const double lr = config_.learningRateAt(stepIndex);
    if (config_.weightDecay != 0.0)
        velocity_ = config_.sgdMomentum * velocity_ + grad +
                    config_.weightDecay * decayMask_.cwiseProduct(params);
    else
        velocity_ = config_.sgdMomentum * velocity_ + grad;
    params -= lr * velocity_;
}

// ---- Batches ----------------------------------------------------------------------------------

Batcher::Batcher(const std::vector<int>& labels, int classes, int batchSize, BatchOrder order,
                 std::uint64_t seed)
    : labels_(labels), classes_(classes), batchSize_(batchSize), batchOrder_(order), rng_(seed) {
    order_.resize(labels_.size());
}

void Batcher::newEpoch() {
    ++epoch_;
    position_ = 0;
    std::iota(order_.begin(), order_.end(), Eigen::Index(0));
    if (batchOrder_ == BatchOrder::Shuffled) {
        rng_.shuffle(order_);
    } else {
        // Group by class (shuffled within each class), cut into batches, shuffle the batches:
        // each batch then holds (mostly) one class, and its statistics are far from the
        // population's.
        auto byClass = std::vector<std::vector<Eigen::Index>>(std::size_t(classes_));
        for (std::size_t i = 0; i < labels_.size(); ++i)
            byClass[std::size_t(labels_[i])].push_back(Eigen::Index(i));
        order_.clear();
        for (auto& members : byClass) {
            rng_.shuffle(members);
            order_.insert(order_.end(), members.begin(), members.end());
        }
    }
    // The last incomplete batch is dropped, so every batch has exactly m samples.
    batchStarts_.clear();
    for (long s = 0; s + batchSize_ <= long(order_.size()); s += batchSize_)
        batchStarts_.push_back(s);
    if (batchOrder_ == BatchOrder::SortedByClass)
        rng_.shuffle(batchStarts_);
}

const std::vector<Eigen::Index>& Batcher::next() {
    if (epoch_ < 0 || position_ >= long(batchStarts_.size()))
        newEpoch();
    const long start = batchStarts_[std::size_t(position_++)];
    batch_.assign(order_.begin() + start, order_.begin() + start + batchSize_);
    return batch_;
}

// ---- Trainer ----------------------------------------------------------------------------------

Trainer::Trainer(TrainingConfig config, Split data, ObservationMode mode)
    : config_((validate(config, data.train.size(), data.train.source), std::move(config))),
      data_(std::move(data)), model_([this] {
          if (data_.validation.size() == 0)
              throw ConfigError("the validation set is empty");
          if (data_.validation.features() != data_.train.features())
              throw ConfigError("validation and training sets have different feature counts");
          Rng initRng(streamSeed(config_.seed, InitStream));
          return Mlp(config_.model, int(data_.train.features()), data_.train.classes, initRng);
      }()),
      sgd_(config_.optimizer, model_.parameterGroups(), model_.parameters().size()),
      batcher_(data_.train.y, data_.train.classes, config_.batchSize, config_.batchOrder,
               streamSeed(config_.seed, BatchStream)),
      mode_(mode) {
    if (config_.shift.enabled) {
        shiftedTrain_ =
            (data_.train.x.array() * config_.shift.scale + config_.shift.shift).matrix();
        shiftedValidation_ =
            (data_.validation.x.array() * config_.shift.scale + config_.shift.shift).matrix();
    }
    for (const auto& spec : config_.estimators) {
        std::vector<RunningEstimate> perLayer;
        for (int l = 0; l < model_.bnLayerCount(); ++l)
            perLayer.emplace_back(spec, model_.bnFeatures(l));
        bank_.push_back(std::move(perLayer));
    }
    const ObservedData observed{&data_.train.x, &shiftedTrain_, &data_.validation.x,
                                &shiftedValidation_, &data_.validation.y};
    ObservationWork work(config_, model_, observed, streamSeed(config_.seed, PreciseStream));
    if (mode_ == ObservationMode::Parallel)
        // Four waiting jobs: enough to smooth out uneven costs (an evaluation step next to a
        // plain population step), and a bound on how far training runs ahead (beyond it,
        // training does observation work itself).
        observationThread_ = std::make_unique<ObservationThread>(std::move(work), 4);
    else
        serialObservation_.emplace(std::move(work));
}

Trainer::~Trainer() = default;

History Trainer::emptyHistory() const {
    std::vector<Eigen::Index> features;
    for (int l = 0; l < model_.bnLayerCount(); ++l)
        features.push_back(model_.bnFeatures(l));
    return History(std::move(features), config_.batchSize);
}

RunInfo Trainer::info() const {
    RunInfo info;
    info.dataset = data_.train.name;
    for (int l = 0; l < model_.bnLayerCount(); ++l) {
        info.bnLayerNames.push_back(model_.bnLayerName(l));
        info.bnFeatures.push_back(model_.bnFeatures(l));
    }
    info.trainingSamples = data_.train.size();
    info.validationSamples = data_.validation.size();
    info.batchesPerEpoch = batcher_.batchesPerEpoch();
    info.classes = data_.train.classes;
    info.inputs = data_.train.features();
    return info;
}

const Matrix& Trainer::trainingInputs(long step) const {
    return config_.shift.enabled && step >= config_.shift.atStep ? shiftedTrain_ : data_.train.x;
}
const Matrix& Trainer::validationInputs(long step) const {
    return config_.shift.enabled && step >= config_.shift.atStep ? shiftedValidation_
                                                                 : data_.validation.x;
}

LayerStats Trainer::estimatorStats(std::size_t estimator) const {
    LayerStats s;
    for (const RunningEstimate& layer : bank_[estimator]) {
        s.mean.push_back(layer.mean());
        s.var.push_back(layer.var());
    }
    return s;
}

void Trainer::addPeriodicRecords(long step, StepOutput& out) {
    ObservationJob job;
    job.step = step;
    job.population = config_.populationEvery > 0 && step % config_.populationEvery == 0;
    job.evaluate = config_.evaluateEvery > 0 && step % config_.evaluateEvery == 0;
    if (!job.population && !job.evaluate)
        return;
    job.weights = std::make_shared<const Vector>(model_.parameters());
    if (job.evaluate)
        for (std::size_t e = 0; e < bank_.size(); ++e)
            job.estimators.push_back(estimatorStats(e));
    if (observationThread_) {
        observationThread_->submit(std::move(job));
        return;
    }
    ObservationResult result = serialObservation_->run(job);
    if (result.population)
        out.population.push_back(std::move(*result.population));
    if (result.evaluation)
        out.evaluations.push_back(std::move(*result.evaluation));
}

void Trainer::collectObservations(StepOutput& out, bool all) {
    if (!observationThread_)
        return;
    std::vector<ObservationResult> results;
    observationThread_->collect(results, all);
    for (ObservationResult& r : results) {
        if (r.population)
            out.population.push_back(std::move(*r.population));
        if (r.evaluation)
            out.evaluations.push_back(std::move(*r.evaluation));
    }
}

StepOutput Trainer::finishObservations() {
    StepOutput out;
    collectObservations(out, true);
    return out;
}

bool Trainer::hasPendingObservations() const {
    return observationThread_ && observationThread_->hasPending();
}

StepOutput Trainer::step(StepRecord reuse) {
    StepOutput out;
    if (diverged_) {
        out.diverged = true;
        out.reason = reason_;
        return out;
    }
    if (step_ == 0)
        addPeriodicRecords(0, out);

    const long t = step_ + 1;
    const auto& rows = batcher_.next();
    batchX_ = trainingInputs(t)(rows, Eigen::all);
    batchY_.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        batchY_[i] = data_.train.y[std::size_t(rows[i])];

    StepRecord record = std::move(reuse); // every field is set below; the buffers are kept
    record.step = t;
    record.epoch = batcher_.epoch();
    record.learningRate = sgd_.learningRateAt(step_);
    const Evaluation batch = model_.trainStep(batchX_, batchY_, record.batch);
    record.loss = batch.loss;
    record.accuracy = batch.accuracy;

    std::string problem;
    if (!std::isfinite(record.loss))
        problem = "the training loss is not a finite number";
    else if (!model_.gradient().allFinite())
        problem = "a gradient is not a finite number";
    else if (!allFinite(record.batch))
        problem = "a batch statistic is not a finite number";
    if (!problem.empty()) {
        diverged_ = true;
        std::ostringstream why;
        why << "the run diverged at step " << t << ": " << problem << " (learning rate "
            << record.learningRate << "). Try a smaller learning rate; the history up to step "
            << step_ << " is kept.";
        reason_ = why.str();
        out.diverged = true;
        out.reason = reason_;
        collectObservations(out, true); // the record up to the divergence, complete
        return out;
    }

    sgd_.step(model_.parameters(), model_.gradient(), step_);
    for (auto& perLayer : bank_)
        for (std::size_t l = 0; l < perLayer.size(); ++l)
            perLayer[l].update(record.batch.mean[l], record.batch.var[l], config_.batchSize);
    step_ = t;
    out.step = std::move(record);
    addPeriodicRecords(t, out);
    collectObservations(out, false);
    return out;
}

} // namespace bnlab
