#pragma once
// Everything that defines a run. The same configuration and seed give the same record, bit for
// bit. Note the two different "momentum"s: SGD momentum (the optimizer's velocity) and BN
// momentum (the running-statistics decay); they are named apart everywhere.
#include "RunningStats.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bnlab {

enum class DatasetKind { Blobs, Moons, Circles, Spirals, Xor, Digits, CsvFile };

struct DatasetSpec {
    DatasetKind kind = DatasetKind::Moons;
    int samples = 1000;         // synthetic sets only
    double noise = 0.15;        // synthetic sets only
    int classes = 3;            // blobs and spirals
    std::string path;           // digits (the bundled CSV) or the user's CSV file
    std::string validationPath; // if set: a separate validation file, the whole `path` trains
    double validationFraction = 0.2;
};

enum class BnPlacement { BeforeActivation, AfterActivation };
enum class Activation { Relu, Tanh };
enum class WeightInit { Auto, He, Xavier }; // Auto: He for ReLU, Xavier for tanh

struct ModelConfig {
    std::vector<int> hidden{16, 16};
    bool hiddenBn = true; // a BN layer on every hidden layer
    bool inputBn = false; // a BN layer on the raw inputs (its population is the data's own)
    BnPlacement placement = BnPlacement::BeforeActivation;
    Activation activation = Activation::Relu;
    WeightInit init = WeightInit::Auto;
    double bnEpsilon = 1e-5;
};

enum class LrSchedule { Constant, StepDecay, Cosine };

struct OptimizerConfig {
    double learningRate = 0.05;
    double sgdMomentum = 0.9; // heavy-ball momentum of SGD — not the BN momentum
    double weightDecay = 0.0; // L2 on the linear layers' weights
    LrSchedule schedule = LrSchedule::Constant;
    int stepDecayEvery = 1000; // StepDecay: multiply by stepDecayFactor every this many steps
    double stepDecayFactor = 0.5;
    int cosineSteps = 5000; // Cosine: steps from the initial rate to cosineFloor·rate
    double cosineFloor = 0.0;

    double learningRateAt(long step) const; // step counts from 0
};

enum class BatchOrder {
    Shuffled,      // i.i.d.: a new random permutation every epoch
    SortedByClass, // non-i.i.d.: each batch drawn from one class (batches shuffled)
};

// From `atStep` on, every input x becomes x·scale + shift (training, validation and population
// passes alike): the world changes and the running statistics must catch up.
struct DistributionShift {
    bool enabled = false;
    long atStep = 1000;
    double shift = 1.0;
    double scale = 1.0;
};

struct TrainingConfig {
    DatasetSpec data;
    ModelConfig model;
    OptimizerConfig optimizer;
    int batchSize = 32;
    BatchOrder batchOrder = BatchOrder::Shuffled;
    DistributionShift shift;
    std::uint64_t seed = 1;

    // The bank of BN momenta tracked at once, all from the same batch statistics.
    std::vector<EstimatorSpec> estimators{EstimatorSpec::keras(0.5), EstimatorSpec::keras(0.9),
                                          EstimatorSpec::keras(0.99), EstimatorSpec::keras(0.999)};

    int populationEvery = 10; // exact population statistics every P steps (0 = never)
    int preciseBnBatches =
        20; // PreciseBN estimate from this many batches at each population step (0 = off)
    int evaluateEvery = 50;          // validation accuracy every V steps (0 = never)
    bool keepWeightSnapshots = true; // weights at every evaluation, for re-evaluating any momentum
};

// Throws ConfigError naming the first invalid value and why. `trainingSamples` is the size of
// the training set the configuration will run on; `trainingSource` its file, if any (named in
// messages about it).
void validate(const TrainingConfig& config, long trainingSamples,
              const std::string& trainingSource = {});
// The ranges of core/Limits.h alone, before any data exists (so nothing huge is allocated).
void validateRanges(const TrainingConfig& config);

} // namespace bnlab
