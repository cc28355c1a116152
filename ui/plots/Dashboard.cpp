#include "Dashboard.h"

#include "DashboardCurves.h"
#include "ErrorCurveWorker.h"
#include "FeatureNotes.h"
#include "MomentumKey.h"
#include "MomentumScale.h"
#include "PlotFrame.h"

#include <QElapsedTimer>
#include <QGridLayout>
#include <QTimer>
#include <algorithm>
#include <array>
#include <cmath>

namespace bnlab {

namespace ms = momentum_scale;

namespace {
constexpr int MeanPlot = int(PlotId::RunningMean);
constexpr int VarPlot = int(PlotId::RunningVariance);
constexpr int ErrorPlot = int(PlotId::Error);
constexpr int AccuracyPlot = int(PlotId::Accuracy);
constexpr int AllPlots = -1;

// Above this many estimator updates an error curve is computed in the background even for a
// hidden dashboard (about 10 ms).
constexpr double SynchronousErrorBudget = 4e6;
// After the slider stops this long, the legends and axes catch up with it.
constexpr int SettleMs = 200;
// Full redraws while training plays take at most this share of the GUI thread.
constexpr double FullRedrawGapFactor = 1.5;
constexpr double MaxFullRedrawGapMs = 500.0;

// The last point at or before `key`, if any.
const QCPGraphData* pointAtOrBefore(const QCPGraph* graph, double key) {
    const auto& data = *graph->data();
    auto it = std::upper_bound(data.constBegin(), data.constEnd(), key,
                               [](double k, const QCPGraphData& d) { return k < d.key; });
    if (it == data.constBegin())
        return nullptr;
    return &*(it - 1);
}

QString number(double v) {
    return QString::number(v, 'g', 4);
}
} // namespace

struct Dashboard::Private {
    Dashboard* q;
    std::array<std::unique_ptr<PlotFrame>, 4> frames;
    DashboardCurves curves;
    MomentumKey* key = nullptr;
    QGridLayout* grid = nullptr;
    std::optional<PlotId> focused;
    RunInfo info;
    ViewSettings view;
    std::vector<EstimatorSpec> bank;
    int layer = 0; // the view's layer and feature, clamped to the run
    Eigen::Index feature = 0;

    // How far each part of the record has been drawn.
    long featureSteps = 0; // batch dots of the selected feature
    long lossSteps = 0;    // training loss, accuracy and learning rate
    std::size_t populationShown = 0;
    std::size_t evaluationsShown = 0;
    std::size_t bankAccuracyShown = 0; // evaluations read for the slider's accuracy (bank)
    ConstantFeatureTracker constant;   // explains features that are constant by construction
    // The selected layer's population statistics for the error curves (shared with the
    // background worker).
    SharedPopulation population;
    std::map<long, double> sliderAccuracy;

    bool follow = true;
    double followWindow = 0; // 0: the whole run
    bool syncingRanges = false;
    Theme theme;

    ErrorCurveWorker errors;

    // Redraws. A slider move redraws only the plots' "highlight" layers, at once; everything
    // else redraws whole plots, spaced out while training plays so the window stays
    // responsive. After the slider rests, a full redraw updates legends and axes.
    std::array<bool, 4> fullDirty{}, highlightDirty{};
    QTimer highlightTimer, fullTimer, settleTimer;
    QElapsedTimer sinceFull;
    bool fullCycle = false;           // a spread-out full redraw is under way
    std::array<bool, 4> cycleDirty{}; // the plots it still has to draw
    bool urgentAfterCycle = false;    // an immediate redraw was asked for during the cycle
    double cycleMs = 0.0;             // its drawing time so far
    double lastFullMs = 0.0;
    double workMs = 0.0; // data work since the last redraw
    double lastReplotMs = 0.0;
    bool settling = false;

    explicit Private(Dashboard* owner) : q(owner), errors(owner) {}

    PlotFrame& frame(int i) { return *frames[std::size_t(i)]; }
    QCustomPlot* plot(int i) const { return frames[std::size_t(i)]->plot(); }
    std::array<QCustomPlot*, 4> plots() const {
        return {plot(MeanPlot), plot(VarPlot), plot(ErrorPlot), plot(AccuracyPlot)};
    }

    // Adds the time of one piece of data work to the next redraw's account.
    struct Work {
        Private* d;
        QElapsedTimer clock;
        explicit Work(Private* owner) : d(owner) { clock.start(); }
        ~Work() { d->workMs += double(clock.nsecsElapsed()) * 1e-6; }
        Work(const Work&) = delete;
        Work& operator=(const Work&) = delete;
    };

    void requestFull(int which = AllPlots, bool immediate = false) {
        for (int i = 0; i < 4; ++i)
            if (which == AllPlots || which == i)
                fullDirty[std::size_t(i)] = true;
        if (fullCycle) { // the cycle under way schedules the next one when it ends
            urgentAfterCycle = urgentAfterCycle || immediate;
            return;
        }
        scheduleFull(immediate);
    }

    // Full redraws keep a gap proportional to their cost, so they take a bounded share of the
    // GUI thread however large the record grows.
    void scheduleFull(bool immediate) {
        double delay = 0.0;
        if (!immediate && sinceFull.isValid())
            delay = std::min(MaxFullRedrawGapMs, FullRedrawGapFactor * lastFullMs) -
                    double(sinceFull.elapsed());
        if (immediate || !fullTimer.isActive() || fullTimer.remainingTime() > delay)
            fullTimer.start(int(std::max(0.0, delay)));
    }

    // The slider's curves changed on plot `i`: redraw its highlight layer if the value axes
    // still hold them, else the whole plot.
    void requestHighlight(int i) {
        if (!highlightFits(i)) {
            requestFull(i, true);
            return;
        }
        highlightDirty[std::size_t(i)] = true;
        if (!highlightTimer.isActive())
            highlightTimer.start(0);
    }

    bool highlightFits(int i) const {
        if (i == MeanPlot || i == VarPlot) {
            // Noted by the replay itself: the slider's curves are the highlight layer here
            // (a hidden one needs no room).
            const QCPGraph* slider = curves.sliderGraph(i);
            const auto range = curves.sliderValueRange(i);
            if (!range || !slider->visible())
                return !slider->visible() || slider->data()->isEmpty();
            const QCPRange axis = plot(i)->yAxis->range();
            return range->lower >= axis.lower && range->upper <= axis.upper;
        }
        return frames[std::size_t(i)]->layerFitsAxes(PlotFrame::HighlightLayer);
    }

    void redrawHighlights() {
        QElapsedTimer clock;
        clock.start();
        bool any = false;
        for (int i = 0; i < 4; ++i) {
            if (!highlightDirty[std::size_t(i)])
                continue;
            highlightDirty[std::size_t(i)] = false;
            plot(i)->layer(PlotFrame::HighlightLayer)->replot();
            any = true;
        }
        if (any)
            finishRedraw(clock);
    }

    // Redraws the plots marked dirty. From the frame timer (`spread`), one plot per turn of the
    // event loop: four plots of 100 000 points at once would hold the GUI thread for one long
    // frame; one at a time, input and repaints get through in between. A cycle draws the plots
    // that were dirty when it began; requests made meanwhile wait for the next cycle.
    void redrawFull(bool spread = false) {
        QElapsedTimer clock;
        clock.start();
        fullTimer.stop();
        if (!fullCycle || !spread) { // a synchronous redraw always starts from fresh axes
            followLatest();
            fitAxes();
            frame(MeanPlot).setHint(featureSteps == 0 ? tr("Press Space to train") : QString());
            fullCycle = true;
            cycleMs = 0.0;
            for (std::size_t i = 0; i < 4; ++i) {
                cycleDirty[i] = cycleDirty[i] || fullDirty[i];
                fullDirty[i] = false;
            }
        }
        for (int i = 0; i < 4; ++i) {
            if (!cycleDirty[std::size_t(i)])
                continue;
            cycleDirty[std::size_t(i)] = highlightDirty[std::size_t(i)] = false;
            frame(i).fitToWidth(); // names may have changed
            frame(i).placeLegend();
            plot(i)->replot(QCustomPlot::rpQueuedRefresh); // drawn now, shown at the next paint
            if (spread)
                break;
        }
        cycleMs += double(clock.nsecsElapsed()) * 1e-6;
        if (std::any_of(cycleDirty.begin(), cycleDirty.end(), [](bool d) { return d; })) {
            fullTimer.start(0); // the next plot at the next turn
            return;
        }
        fullCycle = false;
        lastFullMs = cycleMs;
        sinceFull.start();
        finishRedraw(clock);
        if (std::any_of(fullDirty.begin(), fullDirty.end(), [](bool d) { return d; }))
            scheduleFull(urgentAfterCycle); // asked for while this cycle ran
        urgentAfterCycle = false;
    }

    void finishRedraw(const QElapsedTimer& clock) {
        const double ms = workMs + double(clock.nsecsElapsed()) * 1e-6;
        workMs = 0.0;
        if (!settling) // the settle pass after a slider move is not a change of its own
            lastReplotMs = ms;
    }

    void settle() {
        settling = true;
        requestFull();
        redrawFull();
        settling = false;
    }

    void clampSelection(const History& history) {
        layer = std::clamp(view.layer, 0, std::max(0, history.layers() - 1));
        feature = history.layers() > 0
                      ? std::clamp<Eigen::Index>(
                            view.feature, 0, std::max<Eigen::Index>(0, history.features(layer) - 1))
                      : 0;
    }

    QString layerName() const {
        if (std::size_t(layer) < info.bnLayerNames.size())
            return QString::fromStdString(info.bnLayerNames[std::size_t(layer)]);
        return QStringLiteral("BN layer %1").arg(layer);
    }

    // Titles written to fit: the longest that fits the plot's width is shown.
    void updateTitles() {
        const QString name = layerName();
        const QString shortName = QStringLiteral("BN %1").arg(layer);
        const auto titles = [&](const QString& what, const QString& brief) {
            return QStringList{tr("%1 · %2 · feature %3").arg(what, name).arg(feature),
                               tr("%1 · %2 · feature %3").arg(what, shortName).arg(feature),
                               tr("%1 · %2 · f%3").arg(brief, shortName).arg(feature)};
        };
        frame(MeanPlot).setTitles(titles(tr("Mean"), tr("Mean")));
        frame(VarPlot).setTitles(titles(tr("Variance"), tr("Var")));
        frame(ErrorPlot).setTitles({tr("Error vs population · %1 (RMS over features)").arg(name),
                                    tr("Error vs population · %1").arg(name),
                                    tr("Error vs population · %1").arg(shortName),
                                    tr("Error · %1").arg(shortName)});
        frame(AccuracyPlot)
            .setTitles({tr("Validation accuracy and training loss"), tr("Validation accuracy"),
                        tr("Accuracy")});
        plot(VarPlot)->yAxis->setLabel(view.unbiasedVariance ? tr("variance (unbiased)")
                                                             : tr("variance (biased)"));
        curves.setBatchVarianceName(view.unbiasedVariance ? tr("batch variances ×m/(m−1)")
                                                          : tr("batch variances"));
    }

    // A feature that is constant by construction is explained on its plot, not drawn as an
    // empty one.
    void updateNotes(const History& history) {
        if (!constant.tracks(layer, feature))
            constant.reset(layer, feature);
        const FeatureNotes notes = constant.update(history.batchStats(), info);
        frame(MeanPlot).setNote(notes.mean);
        frame(VarPlot).setNote(notes.variance);
        frame(ErrorPlot).setNote(notes.error);
    }

    void refreshKey() {
        if (key)
            key->setEntries(curves.keyEntries());
    }
    static QString tr(const char* text) { return Dashboard::tr(text); }

    void clearPopulation() {
        population.clear();
        populationShown = 0;
    }

    // Forgets the drawn record (keeps the curves' definitions).
    void clearRecord() {
        curves.clearData();
        featureSteps = lossSteps = 0;
        evaluationsShown = bankAccuracyShown = 0;
        clearPopulation();
        sliderAccuracy.clear();
        errors.cancelAll();
    }

    void clearFeature() {
        curves.clearFeatureData();
        featureSteps = 0;
        clearPopulation();
        errors.cancelAll();
    }

    int bankIndexOfSlider() const {
        const EstimatorSpec spec = curves.sliderSpec();
        for (std::size_t i = 0; i < bank.size(); ++i)
            if (bank[i] == spec)
                return int(i);
        return -1;
    }

    // Draws whatever `history` holds beyond what is drawn already.
    void appendNew(const History& history) {
        if (history.layers() == 0)
            return;
        const BatchStatsView stats = history.batchStats();
        const long steps = stats.steps();
        // m/(m−1) with each step's own normalization count (a recorded CNN's N·H·W).
        const auto varScale = [&](long index) {
            const int m = std::max(2, stats.count(layer, std::size_t(index)));
            return view.unbiasedVariance ? double(m) / double(m - 1) : 1.0;
        };

        if (featureSteps < steps) {
            const long n = steps - featureSteps;
            QVector<QCPGraphData> mean(n), var(n);
            const auto& means = stats.means(layer, feature);
            const auto& vars = stats.vars(layer, feature);
            for (long i = 0; i < n; ++i) {
                const long t = featureSteps + i; // index of step t + 1
                mean[i] = {double(t + 1), means[std::size_t(t)]};
                var[i] = {double(t + 1), vars[std::size_t(t)] * varScale(t)};
            }
            curves.batchMean()->data()->add(mean, true);
            curves.batchVar()->data()->add(var, true);
            featureSteps = steps;
        }
        if (lossSteps < steps) {
            const auto append = [&](QCPGraph* graph, const std::vector<double>& values,
                                    double factor) {
                QVector<QCPGraphData> points(steps - lossSteps);
                for (long t = lossSteps; t < steps; ++t)
                    points[t - lossSteps] = {double(t + 1), factor * values[std::size_t(t)]};
                graph->data()->add(points, true);
            };
            append(curves.loss(), history.loss(), 1.0);
            append(curves.accuracyTrain(), history.accuracy(), 100.0);
            append(curves.learningRate(), history.learningRate(), 1.0);
            lossSteps = steps;
        }
        curves.advanceReplays(stats, layer, feature, plot(MeanPlot)->xAxis->range());

        bool populationGrew = false;
        const auto& records = history.population();
        for (; populationShown < records.size(); ++populationShown) {
            const PopulationRecord& r = records[populationShown];
            if (std::size_t(layer) >= r.exact.mean.size())
                continue;
            const auto l = std::size_t(layer);
            const double step = double(r.step);
            curves.population(0)->data()->add(QCPGraphData(step, r.exact.mean[l][feature]));
            curves.population(1)->data()->add(QCPGraphData(step, r.exact.var[l][feature]));
            if (r.precise) {
                curves.precise(0)->data()->add(
                    QCPGraphData(step, r.precise->paper.mean[l][feature]));
                curves.precise(1)->data()->add(
                    QCPGraphData(step, r.precise->paper.var[l][feature]));
            }
            if (r.step >= 1) {
                population.append(r.step, r.exact.mean[l], r.exact.var[l]);
                populationGrew = true;
            }
        }

        const auto& evaluations = history.evaluations();
        for (; evaluationsShown < evaluations.size(); ++evaluationsShown) {
            const EvalRecord& e = evaluations[evaluationsShown];
            curves.accuracyBatch()->data()->add(
                QCPGraphData(double(e.step), 100.0 * e.batchStatistics.accuracy));
            curves.accuracyPopulation()->data()->add(
                QCPGraphData(double(e.step), 100.0 * e.population.accuracy));
        }
        const int bankIndex = bankIndexOfSlider();
        if (bankIndex >= 0) {
            bool added = false;
            for (; bankAccuracyShown < evaluations.size(); ++bankAccuracyShown) {
                const EvalRecord& e = evaluations[bankAccuracyShown];
                if (std::size_t(bankIndex) < e.estimators.size()) {
                    sliderAccuracy[e.step] = 100.0 * e.estimators[std::size_t(bankIndex)].accuracy;
                    added = true;
                }
            }
            if (added) {
                showSliderAccuracy();
                curves.dropPreviousAccuracy(); // tracked online: the new curve is whole
            }
        }
        if (populationGrew)
            requestErrors(history, curves.allKeys());
        updateNotes(history);
    }

    void showSliderAccuracy() {
        QVector<QCPGraphData> points;
        points.reserve(qsizetype(sliderAccuracy.size()));
        for (const auto& [step, accuracy] : sliderAccuracy)
            points.append({double(step), accuracy});
        curves.accuracySlider()->data()->set(points, true);
    }

    void requestErrors(const History& history, const std::vector<QString>& keys) {
        if (history.layers() == 0 || population.empty())
            return;
        std::map<QString, EstimatorSpec> specs;
        for (const QString& key : keys)
            if (auto spec = curves.specOf(key))
                specs[key] = *spec;
        if (specs.empty())
            return;
        const double cost =
            double(history.steps()) * double(history.features(layer)) * double(specs.size());
        // The slider's own error curve is drawn in the same frame as its other curves while
        // that is cheap, so every plot shows one momentum; a larger one is cleared until the
        // background result arrives (never the old momentum's curve under the new name).
        const bool onlySlider = std::all_of(specs.begin(), specs.end(), [](const auto& s) {
            return DashboardCurves::isSliderKey(s.first);
        });
        const bool synchronous = cost <= SynchronousErrorBudget && (!q->isVisible() || onlySlider);
        if (onlySlider && !synchronous)
            for (const auto& [k, spec] : specs)
                curves.setErrorCurve(k, spec, ErrorCurve{});
        errors.request(history.batchStats(), population.snapshot(), layer, specs, synchronous);
    }

    void applyErrors(const std::vector<ErrorCurveResult>& results) {
        const Work work(this);
        bool onlySlider = true, any = false;
        for (const auto& r : results) {
            if (!curves.setErrorCurve(r.key, r.spec, r.curve))
                continue;
            any = true;
            onlySlider = onlySlider && DashboardCurves::isSliderKey(r.key);
        }
        if (!any)
            return;
        if (onlySlider)
            requestHighlight(ErrorPlot);
        else
            requestFull(ErrorPlot);
    }

    // Value ranges before any data (and after a reset): around BN's starting values 0 and 1.
    void defaultValueRanges() {
        plot(MeanPlot)->yAxis->setRange(-1.0, 1.0);
        plot(VarPlot)->yAxis->setRange(0.0, 2.0);
        plot(ErrorPlot)->yAxis->setRange(1e-3, 1.0);
        plot(AccuracyPlot)->yAxis->setRange(0.0, 100.5);
        plot(AccuracyPlot)->yAxis2->setRange(0.0, 2.5);
    }

    void setStepRange(const QCPRange& range) {
        syncingRanges = true;
        for (QCustomPlot* p : plots())
            p->xAxis->setRange(range);
        syncingRanges = false;
    }

    void followLatest() {
        if (!follow)
            return;
        const double last = std::max(10.0, double(featureSteps));
        const double first = followWindow > 0 ? std::max(0.0, last - followWindow) : 0.0;
        setStepRange(QCPRange(first, last));
    }

    void fitAxes() {
        const QCPRange steps = plot(MeanPlot)->xAxis->range();
        curves.adaptToDensity(steps, plot(MeanPlot)->axisRect()->width());
        frame(MeanPlot).fitValueAxes(false, 0.08);
        frame(VarPlot).fitValueAxes(false, 0.08);
        frame(ErrorPlot).fitValueAxes(true, 0.05);
        frame(AccuracyPlot).fitValueAxes(false, 0.05);
        // Accuracy in whole 5 % steps, never above 100 %; loss from 0.
        QCPAxis* accuracy = plot(AccuracyPlot)->yAxis;
        const QCPRange r = accuracy->range();
        accuracy->setRange(std::max(0.0, std::floor(r.lower / 5.0) * 5.0),
                           std::min(100.0, std::ceil(r.upper / 5.0) * 5.0) + 0.5);
        QCPAxis* loss = plot(AccuracyPlot)->yAxis2;
        loss->setRange(0.0, std::max(loss->range().upper, 1e-3));
        QCPAxis* lr = curves.learningRate()->valueAxis();
        if (lr->visible())
            lr->setRange(0.0, std::max(lr->range().upper, 1e-6) * 1.05);
    }

    void applyTheme() {
        for (auto& f : frames)
            f->applyTheme(theme);
        curves.applyTheme(theme);
        if (key)
            key->applyTheme(theme);
        refreshKey();
        requestFull(AllPlots, true);
    }

    void layOutPlots() {
        for (int i = 0; i < 4; ++i) {
            grid->removeWidget(plot(i));
            const bool shown = !focused || int(*focused) == i;
            plot(i)->setVisible(shown);
            // The four plots share the step axis: its name under the bottom row is enough.
            plot(i)->xAxis->setLabel(focused || i >= 2 ? tr("training step") : QString());
            if (!shown)
                continue;
            if (focused)
                grid->addWidget(plot(i), 1, 0, 2, 2);
            else
                grid->addWidget(plot(i), 1 + i / 2, i % 2);
        }
        requestFull(AllPlots, true);
    }

    // Hover: a cursor on every plot, a read-out in the hovered one.
    void hover(int index, QMouseEvent* event) {
        QCustomPlot* p = plot(index);
        if (!p->axisRect()->rect().contains(event->pos())) {
            unhover();
            return;
        }
        const double step = std::round(p->xAxis->pixelToCoord(event->position().x()));
        if (step < 0 || featureSteps == 0) {
            unhover();
            return;
        }
        const QString text = readout(index, step);
        for (int i = 0; i < 4; ++i) {
            frame(i).showHover(step, i == index ? text : QString(), curves.tracedGraph(i));
            plot(i)->layer(PlotFrame::HoverLayer)->replot();
        }
        QString summary = text;
        summary.replace(QLatin1Char('\n'), QStringLiteral("  ·  "));
        emit q->hoveredStep(long(step), summary);
    }

    void unhover() {
        for (int i = 0; i < 4; ++i) {
            frame(i).hideHover();
            plot(i)->layer(PlotFrame::HoverLayer)->replot();
        }
    }

    QString readout(int index, double step) const {
        QStringList lines{tr("step %1").arg(qint64(step))};
        auto add = [&](const QString& name, const QCPGraph* g, const QString& unit = {}) {
            if (!g || !g->visible())
                return;
            if (const QCPGraphData* d = pointAtOrBefore(g, step)) {
                QString line = QStringLiteral("%1: %2%3").arg(name, number(d->value), unit);
                if (d->key != step)
                    line += tr(" (step %1)").arg(qint64(d->key));
                lines << line;
            }
        };
        if (index == MeanPlot || index == VarPlot) {
            const int k = index == MeanPlot ? 0 : 1;
            add(tr("batch"), k == 0 ? curves.batchMean() : curves.batchVar());
            add(tr("population"), curves.population(k));
            add(tr("PreciseBN"), curves.precise(k));
            for (const auto& [name, g] : curves.emaGraphs(index))
                add(name, g);
        } else if (index == ErrorPlot) {
            for (const auto& [name, g] : curves.emaGraphs(index))
                add(name, g);
        } else {
            add(tr("batch statistics"), curves.accuracyBatch(), QStringLiteral(" %"));
            add(tr("EMA (slider)"), curves.accuracySlider(), QStringLiteral(" %"));
            add(tr("population"), curves.accuracyPopulation(), QStringLiteral(" %"));
            add(tr("training batches"), curves.accuracyTrain(), QStringLiteral(" %"));
            add(tr("training loss"), curves.loss());
            add(tr("learning rate"), curves.learningRate());
        }
        return lines.join(QLatin1Char('\n'));
    }
};

Dashboard::Dashboard(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>(this)) {
    setObjectName(QStringLiteral("dashboard"));
    auto* grid = new QGridLayout(this);
    d->grid = grid;
    grid->setContentsMargins(2, 0, 2, 2);
    grid->setSpacing(4);
    d->key = new MomentumKey(this);
    grid->addWidget(d->key, 0, 0, 1, 2);
    connect(d->key, &MomentumKey::toggled, this, [this](const QString& key) {
        d->curves.toggleHidden(key);
        d->refreshKey();
        d->requestFull(AllPlots, true);
    });
    const char* names[] = {"runningMeanPlot", "runningVariancePlot", "errorPlot", "accuracyPlot"};
    for (int i = 0; i < 4; ++i) {
        d->frames[std::size_t(i)] = std::make_unique<PlotFrame>(this, QLatin1String(names[i]));
        grid->addWidget(d->plot(i), 1 + i / 2, i % 2);
    }
    grid->setRowStretch(0, 0);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    d->plot(MeanPlot)->yAxis->setLabel(tr("mean"));
    QCustomPlot* error = d->plot(ErrorPlot);
    error->yAxis->setScaleType(QCPAxis::stLogarithmic);
    error->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    error->yAxis->setNumberFormat(QStringLiteral("gb"));
    error->yAxis->setLabel(tr("relative error"));
    error->yAxis->setRange(1e-3, 1);
    QCustomPlot* accuracy = d->plot(AccuracyPlot);
    accuracy->yAxis->setLabel(tr("val. accuracy (%)"));
    accuracy->yAxis->setRange(0, 100.5);
    accuracy->yAxis2->setVisible(true);
    accuracy->yAxis2->setLabel(tr("loss"));

    d->defaultValueRanges();
    d->layOutPlots();
    d->curves.create(d->plots());
    d->curves.rebuild(d->view); // the default view's curves, empty until a run arrives
    d->updateTitles();
    d->refreshKey();

    d->highlightTimer.setSingleShot(true);
    d->fullTimer.setSingleShot(true);
    d->settleTimer.setSingleShot(true);
    connect(&d->highlightTimer, &QTimer::timeout, this, [this] { d->redrawHighlights(); });
    connect(&d->fullTimer, &QTimer::timeout, this, [this] { d->redrawFull(true); });
    connect(&d->settleTimer, &QTimer::timeout, this, [this] { d->settle(); });

    for (int i = 0; i < 4; ++i) {
        QCustomPlot* p = d->plot(i);
        // The four step axes move together.
        connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this](const QCPRange& range) {
                    if (d->syncingRanges)
                        return; // our own change
                    // The teacher zoomed or panned. Zooming at the latest steps keeps
                    // following them with the new width; looking into the past stops.
                    const double last = std::max(10.0, double(d->featureSteps));
                    if (d->follow && range.upper < last - 0.01 * range.size())
                        setFollowLatest(false);
                    else
                        d->followWindow = range.size();
                    d->setStepRange(range);
                    d->requestFull(AllPlots, true);
                });
        connect(p, &QCustomPlot::mouseMove, this, [this, i](QMouseEvent* event) {
            if (!(event->buttons() & Qt::LeftButton)) // not while panning
                d->hover(i, event);
        });
        connect(p, &QCustomPlot::legendClick, this,
                [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
                    if (!item)
                        return;
                    item->setSelected(false);
                    d->curves.toggleHidden(item);
                    d->refreshKey();
                    d->requestFull(AllPlots, true);
                });
        p->installEventFilter(this);
    }
    connect(&d->errors, &ErrorCurveWorker::ready, this,
            [this](const std::vector<ErrorCurveResult>& results) { d->applyErrors(results); });
    d->applyTheme();
}

Dashboard::~Dashboard() = default;

void Dashboard::resetRun(const RunInfo& info) {
    const Private::Work work(d.get());
    d->info = info;
    d->clearRecord();
    d->updateTitles();
    d->constant.reset(0, 0);
    for (auto& f : d->frames)
        f->setNote(QString());
    d->follow = true;
    d->followWindow = 0;
    d->setStepRange(QCPRange(0, 10));
    d->defaultValueRanges();
    d->unhover();
    d->requestFull(AllPlots, true);
}

void Dashboard::historyGrew(const History& history) {
    const Private::Work work(d.get());
    if (history.steps() < d->featureSteps || history.steps() < d->curves.replayedSteps())
        d->clearRecord(); // not the record drawn so far (a new run without resetRun)
    d->clampSelection(history);
    d->appendNew(history);
    d->requestFull();
}

void Dashboard::setViewSettings(const ViewSettings& settings, const History& history) {
    const Private::Work work(d.get());
    const ViewSettings old = d->view;
    const EstimatorSpec oldSlider = d->curves.sliderSpec();
    d->view = settings;
    const int oldLayer = d->layer;
    const Eigen::Index oldFeature = d->feature;
    d->clampSelection(history);
    const bool featureChanged = d->layer != oldLayer || d->feature != oldFeature ||
                                old.unbiasedVariance != settings.unbiasedVariance;
    if (featureChanged)
        d->clearFeature();
    const DashboardCurves::Rebuilt rebuilt = d->curves.rebuild(settings);
    const bool sliderChanged = !(d->curves.sliderSpec() == oldSlider);
    if (sliderChanged) {
        // Another estimator: its accuracy is not known yet. The old curve stays, dimmed and
        // named as the previous momentum, until the new one is whole.
        d->sliderAccuracy.clear();
        d->bankAccuracyShown = 0;
        d->curves.keepPreviousAccuracy();
    }
    d->curves.setSliderAccuracyName(settings);
    d->updateTitles();
    if (featureChanged)
        d->constant.reset(d->layer, d->feature);
    d->appendNew(history);
    d->refreshKey();
    if (featureChanged)
        d->requestErrors(history, d->curves.allKeys());
    else if (!rebuilt.keys.empty())
        d->requestErrors(history, rebuilt.keys);

    if (featureChanged || !rebuilt.onlySlider || !(old.showPreciseBn == settings.showPreciseBn)) {
        d->requestFull(AllPlots, true);
    } else if (!rebuilt.keys.empty() || sliderChanged) {
        // The slider moved: its curves now, legends and axes once it rests.
        for (int i : {MeanPlot, VarPlot, ErrorPlot, AccuracyPlot})
            d->requestHighlight(i);
        d->settleTimer.start(SettleMs);
    }
}

const ViewSettings& Dashboard::viewSettings() const {
    return d->view;
}

void Dashboard::setEstimatorBank(const std::vector<EstimatorSpec>& bank) {
    d->bank = bank;
}

bool Dashboard::sliderAccuracyFromBank() const {
    return d->bankIndexOfSlider() >= 0;
}

EstimatorSpec Dashboard::sliderSpec() const {
    return d->curves.sliderSpec();
}

EstimatorSpec Dashboard::displayedSpec(const ViewSettings& view, double momentum) {
    EstimatorSpec spec = view.specFor(momentum);
    spec.unbiasedVariance = view.unbiasedVariance;
    return spec;
}

void Dashboard::clearSliderAccuracy() {
    const Private::Work work(d.get());
    d->sliderAccuracy.clear();
    d->bankAccuracyShown = 0;
    d->curves.accuracySlider()->data()->clear();
    d->curves.dropPreviousAccuracy();
    d->requestFull(AccuracyPlot, true);
}

void Dashboard::sliderAccuracyComplete() {
    d->curves.dropPreviousAccuracy();
    d->requestFull(AccuracyPlot, true);
}

void Dashboard::addSliderAccuracy(const std::vector<ReevaluatedPoint>& points) {
    if (points.empty())
        return;
    const Private::Work work(d.get());
    for (const auto& p : points)
        d->sliderAccuracy[p.step] = 100.0 * p.evaluation.accuracy;
    d->showSliderAccuracy();
    d->requestHighlight(AccuracyPlot);
}

QCustomPlot* Dashboard::plot(PlotId id) const {
    return d->plot(int(id));
}

void Dashboard::setFollowLatest(bool follow) {
    if (follow == d->follow)
        return;
    d->follow = follow;
    if (follow)
        d->requestFull(AllPlots, true);
    emit followLatestChanged(follow);
}

bool Dashboard::followLatest() const {
    return d->follow;
}

void Dashboard::resetView() {
    d->followWindow = 0;
    const bool changed = !d->follow;
    d->follow = true;
    d->requestFull(AllPlots, true);
    if (changed)
        emit followLatestChanged(true);
}

void Dashboard::setPresentationScale(double scale) {
    d->theme.scale = scale;
    d->theme.highContrast = scale > 1.0;
    d->applyTheme();
}

double Dashboard::presentationScale() const {
    return d->theme.scale;
}

void Dashboard::setDarkTheme(bool dark) {
    d->theme.dark = dark;
    d->applyTheme();
}

bool Dashboard::darkTheme() const {
    return d->theme.dark;
}

void Dashboard::setShowTrainingAccuracy(bool show) {
    d->curves.setShowTrainingAccuracy(show);
    d->requestFull(AccuracyPlot, true);
}

void Dashboard::setShowLearningRate(bool show) {
    d->curves.setShowLearningRate(show);
    d->requestFull(AccuracyPlot, true);
}

void Dashboard::setFocusedPlot(std::optional<PlotId> id) {
    if (id == d->focused)
        return;
    d->focused = id;
    d->layOutPlots();
    emit focusedPlotChanged();
}

std::optional<PlotId> Dashboard::focusedPlot() const {
    return d->focused;
}

PlotFrame& Dashboard::frame(PlotId id) const {
    return d->frame(int(id));
}

MomentumKey& Dashboard::key() const {
    return *d->key;
}

double Dashboard::lastReplotMs() const {
    return d->lastReplotMs;
}

void Dashboard::waitForBackgroundWork() {
    d->errors.waitForDone();
}

void Dashboard::prepareForExport() {
    waitForBackgroundWork();
    d->unhover();
    for (QCustomPlot* p : d->plots())
        p->deselectAll();
    // Axes, legends and marks as they will be once everything pending is drawn; a figure
    // travels without the dashboard's key, so each plot lists all of its series.
    // (A figure of the whole dashboard shows the key itself.)
    const bool onePlot = property("exportTarget").value<QObject*>() != this;
    d->curves.setFigureLegends(onePlot);
    for (auto& f : d->frames)
        f->setLegendBelow(onePlot);
    d->settleTimer.stop();
    d->settle();
}

void Dashboard::finishExport() {
    d->curves.setFigureLegends(false);
    for (auto& f : d->frames)
        f->setLegendBelow(false);
    d->requestFull(AllPlots, true);
}

QString Dashboard::currentValuesSummary() const {
    const double step = double(d->featureSteps);
    if (step < 1)
        return {};
    auto value = [&](const QCPGraph* g) -> QString {
        const QCPGraphData* p = g ? pointAtOrBefore(g, step) : nullptr;
        return p ? number(p->value) : QStringLiteral("–");
    };
    return tr("population μ %1, σ² %2  |  EMA %3: μ %4, σ² %5")
        .arg(value(d->curves.population(0)), value(d->curves.population(1)),
             ms::symbolAndValue(d->view.convention, d->view.sliderMomentum),
             value(d->curves.sliderGraph(MeanPlot)), value(d->curves.sliderGraph(VarPlot)));
}

QList<QCPGraph*> Dashboard::graphs(PlotId id, const QString& role) const {
    QList<QCPGraph*> out;
    QCustomPlot* p = d->plot(int(id));
    for (int i = 0; i < p->graphCount(); ++i)
        if (p->graph(i)->property("role").toString() == role)
            out << p->graph(i);
    return out;
}

bool Dashboard::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Resize)
        for (int i = 0; i < 4; ++i)
            if (d->plot(i) == watched)
                d->frame(i).fitToWidth(); // before the plot redraws itself at the new size
    if (event->type() == QEvent::Leave && qobject_cast<QCustomPlot*>(watched))
        d->unhover();
    if (event->type() == QEvent::MouseButtonPress)
        if (auto* p = qobject_cast<QCustomPlot*>(watched))
            for (int i = 0; i < 4; ++i)
                if (d->plot(i) == p)
                    emit plotActivated(PlotId(i));
    if (event->type() == QEvent::MouseButtonDblClick)
        if (auto* p = qobject_cast<QCustomPlot*>(watched))
            for (int i = 0; i < 4; ++i)
                if (d->plot(i) == p) // the teacher's "look at this": one plot, or all again
                    setFocusedPlot(d->focused ? std::nullopt : std::optional(PlotId(i)));
    return QWidget::eventFilter(watched, event);
}

} // namespace bnlab
