#pragma once
// What the inference statistics of a run have cost so far, counted in extra samples pushed
// through the network (forward passes beyond training's own). The three ways BN can get the
// statistics it needs at inference:
//   EMA          a by-product of training: each batch's statistics were computed anyway, 0 extra
//   PreciseBN    N batches of m samples with frozen weights, at each population step
//   population   one pass over the whole training set, at each evaluation
// Plain numbers from the record and the configuration, so any front end can show them.
#include "Config.h"
#include "History.h"

namespace bnlab {

struct InferenceCost {
    long steps = 0;           // training steps so far
    long trainingSamples = 0; // samples training itself pushed through (steps × batch size)

    long emaSamples = 0; // always 0: the reason moving averages exist

    long preciseBnPasses = 0;  // population steps with a PreciseBN estimate
    long preciseBnSamples = 0; // preciseBnPasses × batches × batch size

    long populationPasses = 0;  // evaluations (each needs the exact population statistics)
    long populationSamples = 0; // populationPasses × training-set size
};

// `trainingSetSize` is the number of training samples (RunInfo::trainingSamples).
InferenceCost inferenceCost(const History& history, const TrainingConfig& config,
                            long trainingSetSize);

} // namespace bnlab
