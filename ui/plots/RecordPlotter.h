#pragma once
// Draws the training record onto the dashboard's curves as it grows: batch statistics of the
// selected feature, loss, accuracies, population and PreciseBN points, the slider's accuracy
// (re-evaluated, or read from the run's bank of online estimators) and the error curves, which
// are computed in the background. Each part remembers how far it is drawn, so new records are
// appended incrementally.
#include "DashboardCurves.h"
#include "ErrorCurveWorker.h"
#include "History.h"
#include "Reevaluator.h"
#include "SharedPopulation.h"

#include <map>
#include <vector>

namespace bnlab {

// The record's part the curves show.
struct PlottedFeature {
    int layer = 0;
    Eigen::Index feature = 0;
    bool unbiasedVariance = false; // batch variances drawn with m/(m−1)
};

class RecordPlotter {
  public:
    // `owner` parents the background worker of the error curves.
    RecordPlotter(DashboardCurves& curves, QObject* owner);

    ErrorCurveWorker& errors() { return errors_; }
    void setEstimatorBank(const std::vector<EstimatorSpec>& bank) { bank_ = bank; }
    // The slider's estimator's place in the bank, or -1.
    int bankIndexOfSlider() const;
    long featureSteps() const { return featureSteps_; } // steps of the feature drawn so far

    // Forgets the drawn record (keeps the curves' definitions).
    void clearRecord();
    // Forgets what depends on the selected layer and feature.
    void clearFeature();

    // Draws whatever `history` (with at least one layer) holds beyond what is drawn already.
    // `visibleSteps` is the step axis' range; the error curves are computed at once when cheap
    // and the dashboard is hidden (`shown` false) or only the slider's curve is asked for.
    void appendNew(const History& history, const PlottedFeature& plotted,
                   const QCPRange& visibleSteps, bool shown);
    // Asks for the error curves of `keys` on the layer's record.
    void requestErrors(const History& history, int layer, const std::vector<QString>& keys,
                       bool shown);
    enum class ErrorsDrawn { None, SliderOnly, Others };
    // Puts finished error curves onto the plot; says which changed, for the redraw.
    ErrorsDrawn applyErrors(const std::vector<ErrorCurveResult>& results);

    // Another estimator under the slider: its accuracy is not known yet.
    void forgetSliderAccuracy();
    void addSliderAccuracy(const std::vector<ReevaluatedPoint>& points);

  private:
    void showSliderAccuracy();

    DashboardCurves& curves_;
    std::vector<EstimatorSpec> bank_;

    // How far each part of the record has been drawn.
    long featureSteps_ = 0; // batch dots of the selected feature
    long lossSteps_ = 0;    // training loss, accuracy and learning rate
    std::size_t populationShown_ = 0;
    std::size_t evaluationsShown_ = 0;
    std::size_t bankAccuracyShown_ = 0; // evaluations read for the slider's accuracy (bank)
    // The selected layer's population statistics for the error curves (shared with the
    // background worker).
    SharedPopulation population_;
    std::map<long, double> sliderAccuracy_;

    ErrorCurveWorker errors_;
};

} // namespace bnlab
