#pragma once
// The four live plots a teacher puts on the projector:
//   1. running mean of the selected BN feature: batch means (faint dots), population mean
//      (thick line), PreciseBN (markers), one EMA curve per compared momentum, the slider's
//      momentum highlighted;
//   2. running variance, the same;
//   3. error vs population (log scale) per momentum, with marks at the window 1/(1−β);
//   4. validation accuracy (batch statistics, slider EMA, population) and training loss.
// Presentation only: curves come from core's replay; the widget never trains anything.
#include "History.h"
#include "Reevaluator.h"
#include "Trainer.h"
#include "ViewSettings.h"

#include <QWidget>
#include <map>

class QCustomPlot;

namespace bnlab {

enum class PlotId { RunningMean, RunningVariance, Error, Accuracy };

class Dashboard : public QWidget {
    Q_OBJECT
  public:
    explicit Dashboard(QWidget* parent = nullptr);
    ~Dashboard() override;

    // A new run: forget every curve. `info` names the layers and features.
    void resetRun(const RunInfo& info);
    // New records were appended to `history` (live: called at frame rate). Appends to the
    // curves incrementally and queues one replot.
    void historyGrew(const History& history);
    // The view changed (slider, compared momenta, layer, feature, convention, estimators):
    // all EMA curves are replayed from `history` and replotted at once.
    void setViewSettings(const ViewSettings& settings, const History& history);
    const ViewSettings& viewSettings() const;
    // Validation results under the slider's momentum, from the Reevaluator (any order).
    void clearSliderAccuracy();
    void addSliderAccuracy(const std::vector<ReevaluatedPoint>& points);

    QCustomPlot* plot(PlotId id) const;
    void setFollowLatest(bool follow);
    void resetView();
    // Presentation mode: scale fonts and line widths (1.0 = normal).
    void setPresentationScale(double scale);
    void setDarkTheme(bool dark);

    // For benchmarks and tests: milliseconds the last full replot took.
    double lastReplotMs() const;

  signals:
    void hoveredStep(long step, const QString& summary);

  private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace bnlab
