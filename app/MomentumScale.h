#pragma once
// The BN momentum slider's scale: positions on a log-like scale in 1−β, so the values that
// matter (0.9, 0.99, 0.999 …) each get as much room as 0 … 0.9. Every position is a "nice"
// number (1, 1.2, 1.5, 2, 2.5, 3, 4 … 9 × 10⁻ᵏ of 1−β), from β = 0 to β = 0.9999.
//
// Conventions (see core/RunningStats.h): Keras speaks the decay β, PyTorch the update weight
// α = 1 − β. Both name the same estimator; only the number written differs.
#include "RunningStats.h"

#include <QString>

namespace bnlab::momentum_scale {

int positionCount();              // positions 0 … positionCount() − 1
double decayAt(int position);     // β at a position (0 → β = 0, last → β = 0.9999)
int positionOfDecay(double beta); // the nearest position (log distance in 1 − β)

// β ↔ the number a user of `convention` writes, rounded to the decimal it should print as.
double momentumFromDecay(Convention convention, double beta);
double decayFromMomentum(Convention convention, double momentum);
// Converts a momentum written in one convention to the other (the same estimator).
double convert(double momentum, Convention from, Convention to);

// "0.99", "0.0001" — short, no exponent.
QString formatMomentum(double value);
// "Keras β = 0.99 ⇔ PyTorch α = 0.01"
QString bothConventions(double beta);
// The averaging window 1/(1−β) in steps: "100", "≈ 833", "∞" for β = 1.
QString windowSteps(double beta);
// "window = 100 steps", "window ≈ 3 steps": the averaging window 1/(1−β) written once.
QString windowPhrase(double beta);
// "β = 0.99" or "α = 0.01"
QString symbolAndValue(Convention convention, double momentum);
QString conventionName(Convention convention); // "Keras β" / "PyTorch α"

} // namespace bnlab::momentum_scale
