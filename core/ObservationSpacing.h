#pragma once
// On large data sets one exact population pass costs as much as thousands of training steps.
// A live session then spaces its observation out, so that observation on the second core keeps
// up with training instead of holding it back: population statistics (with PreciseBN) and
// evaluations every f·P and f·V steps, with the smallest whole factor f that fits. The factor
// depends only on the configuration and the data's size, so a spaced run is still reproducible.
// Small data sets (every bundled lesson) are never spaced out.
#include "Config.h"

namespace bnlab {

// Data sets smaller than this (training + validation samples) keep the configured spacing.
inline constexpr long LargeDataSamples = 20'000;

struct ObservationSpacing {
    int populationEvery = 0; // as the run uses them (0 = never)
    int evaluateEvery = 0;
    int factor = 1; // the configured P and V times this
    bool spacedOut() const { return factor > 1; }
};

// The spacing a live session uses for this configuration on data of this size.
ObservationSpacing liveObservationSpacing(const TrainingConfig& config, long trainingSamples,
                                          long validationSamples);
// The configuration with that spacing applied.
TrainingConfig withSpacing(TrainingConfig config, const ObservationSpacing& spacing);

} // namespace bnlab
