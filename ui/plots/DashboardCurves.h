#pragma once
// Every series of the dashboard's four plots and how it looks: the fixed ones (batch dots,
// population, PreciseBN, accuracies, loss) and one set of curves per estimator (running mean,
// running variance, error vs population, and the window mark 1/(1−β)). Keeps the estimators'
// replay state so new steps are appended, and which series the teacher hid from the legend.
//
// Every graph carries a dynamic property "role" (batch, population, precise, slider, compared,
// debiased, cumulative, error, error-variance, error-key, accuracy-batch, accuracy-slider,
// accuracy-previous, accuracy-population, accuracy-train, learning-rate, loss, halo), so tests
// and exports can find them. The slider's curves live on the plots' "highlight" layer, so a
// slider move redraws only that layer.
//
// Series that look the same on every plot (the momenta, population, batch dots, PreciseBN) are
// listed once, in the dashboard's key (keyEntries); each plot's own legend lists only what is
// specific to it (the error plot's solid/dashed, the accuracy plot's curves).
#include "ErrorSummary.h"
#include "FeatureReplay.h"
#include "Theme.h"
#include "ViewSettings.h"

#include <QHash>
#include <QSet>
#include <array>
#include <optional>
#include <qcustomplot.h>
#include <utility>
#include <vector>

namespace bnlab {

class DashboardCurves {
  public:
    struct Rebuilt {
        std::vector<QString> keys; // curves whose estimator changed: replayed from step 1
        bool onlySlider = true;    // nothing but the slider's curves changed
    };

    // The fixed series on the four plots (mean, variance, error, accuracy).
    void create(const std::array<QCustomPlot*, 4>& plots);
    // Brings the estimator curves in line with `view`. The slider's curves keep their points
    // until the next advanceReplays() overwrites them in place (no reallocation while dragging).
    Rebuilt rebuild(const ViewSettings& view);

    void clearData();        // the whole record
    void clearFeatureData(); // what depends on the selected layer and feature
    // Replays the steps not drawn yet. `visible` is the step axis' range: a replay from step 1
    // notes the value range of its curves there (see sliderValueRange).
    void advanceReplays(const BatchStatsView& stats, int layer, Eigen::Index feature,
                        const QCPRange& visible);
    // The value range (0 mean, 1 variance) of the slider's curves within the visible steps,
    // as found by the last replay from step 1; empty if that replay found nothing there.
    std::optional<QCPRange> sliderValueRange(int statistic) const;
    long replayedSteps() const;

    EstimatorSpec sliderSpec() const;
    std::vector<QString> allKeys() const;
    std::optional<EstimatorSpec> specOf(const QString& key) const;
    // Draws an error curve: the whole of it (from 0), or its points from index `from` on after
    // the `from` points shown. Returns whether the plot changed (an error curve of an estimator
    // no longer shown is dropped, and one that does not follow what is shown too).
    bool setErrorCurve(const QString& key, const EstimatorSpec& spec, const ErrorCurve& curve,
                       std::size_t from = 0);
    // How many points of the error curve (key, spec) are drawn; 0 if it is not this curve.
    std::size_t errorPointsShown(const QString& key, const EstimatorSpec& spec) const;
    static bool isSliderKey(const QString& key);

    void applyTheme(const Theme& theme);
    void toggleHidden(QCPAbstractLegendItem* item);
    void toggleHidden(const QString& seriesKey);
    void setShowTrainingAccuracy(bool show);
    void setShowLearningRate(bool show);
    // Figure exports: every series in its plot's legend (true), or the screen's split (false).
    void setFigureLegends(bool on);

    // One entry of the dashboard's key: a series that looks the same on every plot.
    struct KeyEntry {
        QString key, name;
        QColor colour;
        double width = 2.0;
        Qt::PenStyle pen = Qt::SolidLine;
        QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssNone;
        bool line = true;
        bool hidden = false; // switched off by the teacher
    };
    std::vector<KeyEntry> keyEntries() const;

    // The slider's accuracy curve becomes the "previous" one (dimmed) while the accuracy under
    // the new momentum is computed; dropPreviousAccuracy removes it once the new one is whole.
    void keepPreviousAccuracy();
    void dropPreviousAccuracy();
    void setBatchVarianceName(const QString& name);
    void setSliderAccuracyName(const ViewSettings& view);
    // Dense series (many points per pixel) drop antialiasing and draw dots as squares: they
    // look the same and draw several times faster. Thins out the PreciseBN markers too.
    void adaptToDensity(const QCPRange& steps, int pixels);

    QCPGraph* batchMean() const { return batch_[0]; }
    QCPGraph* batchVar() const { return batch_[1]; }
    QCPGraph* population(int statistic) const { return population_[std::size_t(statistic)]; }
    QCPGraph* precise(int statistic) const { return precise_[std::size_t(statistic)]; }
    QCPGraph* accuracyBatch() const { return accuracyBatch_; }
    QCPGraph* accuracySlider() const { return accuracySlider_; }
    QCPGraph* accuracyPopulation() const { return accuracyPopulation_; }
    QCPGraph* accuracyPrevious() const { return accuracyPrevious_; }
    QCPGraph* accuracyTrain() const { return accuracyTrain_; }
    QCPGraph* learningRate() const { return learningRate_; }
    QCPGraph* loss() const { return loss_; }
    // The slider's curve on a plot (0 mean, 1 variance, 2 error, 3 accuracy).
    QCPGraph* sliderGraph(int plot) const;
    QCPGraph* tracedGraph(int plot) const { return sliderGraph(plot); }
    // Every estimator's curve on a plot (0, 1 or 2), named as in the legend.
    std::vector<std::pair<QString, QCPGraph*>> emaGraphs(int plot) const;

  private:
    enum class Tint { Own, Foreground, Dots, Loss, Dim };
    struct Style {
        QString role, key;
        QString gate; // shown only if these view switches are on: "ema+errorVariance", …
        QColor colour;
        Tint tint = Tint::Own;
        double width = 2.0;
        Qt::PenStyle pen = Qt::SolidLine;
        QCPScatterStyle::ScatterShape shape = QCPScatterStyle::ssNone;
        double shapeSize = 0.0;
        bool line = true;
        bool fitsAxis = true;
        bool halo = false;  // an outline in the background colour underneath, to stand out
        bool legend = true; // listed in a figure's legend
        bool inset = false; // listed in the plot's own legend on screen (specific to the plot)
        bool inKey = false; // listed in the dashboard's key
        int alpha = 255;
    };
    // One estimator's curves on the mean, variance and error plots.
    struct Estimator {
        QString key, name;
        EstimatorSpec spec;
        std::array<QCPGraph*, 2> stat{}; // mean, variance
        QCPGraph* error = nullptr;
        QCPGraph* errorVariance = nullptr;
        // The estimator whose curve the error graphs hold: after a rename, the old one's until
        // the new curve arrives, so that new points are never appended to another's.
        std::optional<EstimatorSpec> errorOf;
        QCPItemStraightLine* mark = nullptr; // at the window 1/(1−β)
        QCPItemText* markLabel = nullptr;
        bool sameAsSlider = false; // a compared momentum the slider stands on: drawn once
    };
    struct Group { // estimators replayed together
        std::vector<Estimator> estimators;
        FeatureReplay replay;
        std::array<std::optional<QCPRange>, 2> visibleRange; // of the last replay from step 1
    };

    QCPGraph* addGraph(int plot, const Style& style, const QString& name, const char* layer,
                       QCPAxis* valueAxis = nullptr); // nullptr: the left axis
    void removeGraph(QCPGraph* graph);
    void style(QCPGraph* graph) const;
    Estimator makeEstimator(const QString& key, const QString& name, const EstimatorSpec& spec,
                            const Style& look, const char* layer, bool markWindow, bool labelMark);
    void renameEstimator(Estimator& e, const QString& name, const EstimatorSpec& spec);
    void removeEstimators(std::vector<Estimator>& estimators);
    void restartGroup(Group& group, bool keepPoints);
    void advance(Group& group, const BatchStatsView& stats, int layer, Eigen::Index feature,
                 const QCPRange& visible);
    void placeMark(Estimator& e) const;
    bool gateOpen(const QString& gate) const;
    bool markSameAsSlider(); // returns whether any compared curve changed its visibility
    void applyVisibility();

    std::array<QCustomPlot*, 4> plots_{};
    QHash<QCPGraph*, Style> styles_;
    QHash<QCPGraph*, QCPGraph*> halos_; // graph → its outline (sharing its data)
    QSet<QCPGraph*> dense_;             // drawn the fast way (see adaptToDensity)
    QSet<QString> hidden_;              // series keys the teacher switched off in a legend
    Theme theme_;
    ViewSettings view_;
    bool built_ = false;
    bool showTrainingAccuracy_ = false;
    bool showLearningRate_ = false;
    bool figureLegends_ = false;

    std::array<QCPGraph*, 2> batch_{}, population_{}, precise_{};
    QCPGraph* accuracyBatch_ = nullptr;
    QCPGraph* accuracySlider_ = nullptr;
    QCPGraph* accuracyPopulation_ = nullptr;
    QCPGraph* accuracyPrevious_ = nullptr;
    QCPGraph* accuracyTrain_ = nullptr;
    QCPGraph* learningRate_ = nullptr;
    QCPGraph* loss_ = nullptr;
    std::array<QCPGraph*, 2> errorKey_{}; // legend samples: solid = mean, dashed = variance

    Group slider_;   // the slider's EMA, then its debiased twin if shown
    Group compared_; // the compared momenta, then the cumulative average
};

} // namespace bnlab
