#pragma once
// The one-screen report of a headless run: what ran, how far each momentum's running
// statistics ended from the population's, and the validation accuracy in every BN mode.
#include "HeadlessPlan.h"
#include "History.h"
#include "Reevaluator.h"
#include "Trainer.h"

#include <QString>
#include <optional>
#include <vector>

namespace bnlab {

struct SummaryInput {
    const HeadlessPlan& plan;
    const RunInfo& info;
    const History& history;
    // The slider's estimator and its validation accuracy at every evaluation (replayed when
    // it is not one of the bank's estimators).
    const EstimatorSpec& slider;
    const std::vector<ReevaluatedPoint>& sliderAccuracy;
    double seconds = 0.0; // training time
};

QString headlessSummary(const SummaryInput& input);

// "moons · batch 32 · Keras β 0.9, 0.99 · 3000 steps · seed 1": for figure captions.
QString runCaption(const HeadlessPlan& plan, const RunInfo& info, long steps);

} // namespace bnlab
