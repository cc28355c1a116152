#pragma once
// What the teacher chose to look at: none of it changes training, all of it is replayed.
#include "RunningStats.h"

#include <vector>

namespace bnlab {

struct ViewSettings {
    Convention convention = Convention::Keras; // the language of the slider and momenta
    double sliderMomentum = 0.99;              // in `convention`
    std::vector<double> comparedMomenta{0.5, 0.9, 0.99, 0.999}; // in `convention`
    bool showEma = true;
    bool showDebiasedEma = false;
    bool showCumulative = false;
    bool showPreciseBn = true;
    bool unbiasedVariance = false; // variance plot: m/(m−1)·σ² (PyTorch) or σ² (Keras)
    int layer = 0;
    int feature = 0;

    // The estimator the slider (or a compared momentum) stands for, in the chosen convention:
    // PyTorch α with unbiased variance, or Keras β with biased variance, both from 0/1.
    EstimatorSpec specFor(double momentum) const {
        return EstimatorSpec::inConvention(convention, momentum);
    }
    bool operator==(const ViewSettings&) const = default;
};

} // namespace bnlab
