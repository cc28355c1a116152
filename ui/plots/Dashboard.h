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

#include <QList>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>

class QCustomPlot;
class QCPGraph;

namespace bnlab {

class MomentumKey;
class PlotFrame;

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
    // The previous momentum's curve stays, dimmed, until sliderAccuracyComplete().
    void clearSliderAccuracy();
    void addSliderAccuracy(const std::vector<ReevaluatedPoint>& points);
    void sliderAccuracyComplete();

    QCustomPlot* plot(PlotId id) const;
    void setFollowLatest(bool follow);
    void resetView();
    // Presentation mode: scale fonts and line widths (1.0 = normal).
    void setPresentationScale(double scale);
    void setDarkTheme(bool dark);

    // For benchmarks and tests: milliseconds the last full replot took.
    // Precisely: the data work since the previous redraw plus the redraw itself (a slider move
    // redraws only the plots' highlight layers; other changes whole plots). Not counted: the
    // background error curves and the "settle" redraw 200 ms after the slider stops, which
    // brings legends and axis ranges up to date.
    double lastReplotMs() const;

    // --- Extensions -----------------------------------------------------------------------
    // The run's bank of online estimators (TrainingConfig::estimators): when the slider's
    // estimator is one of them, its accuracy is read straight from the History's evaluations.
    void setEstimatorBank(const std::vector<EstimatorSpec>& bank);
    bool sliderAccuracyFromBank() const;
    // The estimator a momentum's curves show: the view's convention, with the variance
    // (biased or unbiased) the view asks for. The slider's is what to re-evaluate with.
    static EstimatorSpec displayedSpec(const ViewSettings& view, double momentum);
    EstimatorSpec sliderSpec() const;
    // Note: setViewSettings clears the slider's accuracy when the slider's estimator changes.

    bool followLatest() const;
    double presentationScale() const;
    bool darkTheme() const;
    void setShowTrainingAccuracy(bool show); // the training batches' accuracy
    void setShowLearningRate(bool show);     // on its own axis, right of the loss
    // The focus view: one plot fills the dashboard (nullopt: all four).
    void setFocusedPlot(std::optional<PlotId> id);
    std::optional<PlotId> focusedPlot() const;
    PlotFrame& frame(PlotId id) const;
    MomentumKey& key() const; // the momenta's key, shown once for all plots
    // "population μ 0.12, σ² 1.03 | EMA β = 0.99: μ 0.10, σ² 0.98" at the latest step.
    QString currentValuesSummary() const;
    // The graphs of a plot with the given "role" property (see DashboardCurves.h), e.g. the
    // slider's curve: graphs(PlotId::RunningMean, "slider").
    QList<QCPGraph*> graphs(PlotId id, const QString& role) const;

    // Error curves are computed in the background; this waits for them and draws them.
    void waitForBackgroundWork();
    // Called by exportPlot/exportWidget before rendering: finishes background work and hides
    // the hover cursor, so an export is complete and never looks hovered or selected.
    Q_INVOKABLE void prepareForExport();
    Q_INVOKABLE void finishExport(); // back to the screen's legends and key

  signals:
    void hoveredStep(long step, const QString& summary);
    void followLatestChanged(bool follow);
    void plotActivated(bnlab::PlotId id); // the teacher clicked into a plot
    void focusedPlotChanged();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace bnlab
