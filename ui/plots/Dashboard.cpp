#include "Dashboard.h"

#include "DashboardCurves.h"
#include "ErrorCurveWorker.h"
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
    RunInfo info;
    ViewSettings view;
    std::vector<EstimatorSpec> bank;
    int layer = 0; // the view's layer and feature, clamped to the run
    Eigen::Index feature = 0;

    // How far each part of the record has been drawn.
    long featureSteps = 0; // batch dots of the selected feature
    long lossSteps = 0;    // training loss
    std::size_t populationShown = 0;
    std::size_t evaluationsShown = 0;
    std::size_t bankAccuracyShown = 0; // evaluations read for the slider's accuracy (bank)
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
            frame(MeanPlot).setHint(featureSteps == 0 ? tr("Press Play (Space) to start training")
                                                      : QString());
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
            frame(i).fitToWidth();                         // names may have changed
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

    void updateTitles() {
        const QString where = tr("%1, feature %2").arg(layerName()).arg(feature);
        frame(MeanPlot).setTitle(tr("Running mean — %1").arg(where));
        frame(VarPlot).setTitle(tr("Running variance — %1").arg(where));
        frame(ErrorPlot).setTitle(tr("Error vs population — all of %1").arg(layerName()));
        frame(AccuracyPlot).setTitle(tr("Validation accuracy and training loss"));
        plot(VarPlot)->yAxis->setLabel(view.unbiasedVariance ? tr("variance (unbiased)")
                                                             : tr("variance (biased)"));
        curves.setBatchVarianceName(view.unbiasedVariance ? tr("batch variances ×m/(m−1)")
                                                          : tr("batch variances"));
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
            const auto& loss = history.loss();
            QVector<QCPGraphData> points(steps - lossSteps);
            for (long t = lossSteps; t < steps; ++t)
                points[t - lossSteps] = {double(t + 1), loss[std::size_t(t)]};
            curves.loss()->data()->add(points, true);
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
            if (added)
                showSliderAccuracy();
        }
        if (populationGrew)
            requestErrors(history, curves.allKeys());
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
        const bool synchronous = !q->isVisible() && cost <= SynchronousErrorBudget;
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
    }

    void applyTheme() {
        for (auto& f : frames)
            f->applyTheme(theme);
        curves.applyTheme(theme);
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
            add(tr("training loss"), curves.loss());
        }
        return lines.join(QLatin1Char('\n'));
    }
};

Dashboard::Dashboard(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>(this)) {
    setObjectName(QStringLiteral("dashboard"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(6);
    const char* names[] = {"runningMeanPlot", "runningVariancePlot", "errorPlot", "accuracyPlot"};
    for (int i = 0; i < 4; ++i) {
        d->frames[std::size_t(i)] = std::make_unique<PlotFrame>(this, QLatin1String(names[i]));
        grid->addWidget(d->plot(i), i / 2, i % 2);
    }
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    d->plot(MeanPlot)->yAxis->setLabel(tr("mean"));
    QCustomPlot* error = d->plot(ErrorPlot);
    error->yAxis->setScaleType(QCPAxis::stLogarithmic);
    error->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    error->yAxis->setNumberFormat(QStringLiteral("gb"));
    error->yAxis->setLabel(tr("RMS error in σ"));
    error->yAxis->setRange(1e-3, 1);
    QCustomPlot* accuracy = d->plot(AccuracyPlot);
    accuracy->yAxis->setLabel(tr("val. accuracy (%)"));
    accuracy->yAxis->setRange(0, 100.5);
    accuracy->yAxis2->setVisible(true);
    accuracy->yAxis2->setLabel(tr("training loss"));

    d->defaultValueRanges();
    d->curves.create(d->plots());
    d->curves.rebuild(d->view); // the default view's curves, empty until a run arrives
    d->updateTitles();

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
        d->sliderAccuracy.clear(); // another estimator: its accuracy is not known yet
        d->bankAccuracyShown = 0;
        d->curves.accuracySlider()->data()->clear();
    }
    d->curves.setSliderAccuracyName(settings);
    d->updateTitles();
    d->appendNew(history);
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
    d->requestHighlight(AccuracyPlot);
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

void Dashboard::setShowVarianceError(bool show) {
    d->curves.setShowVarianceError(show);
    d->requestFull(ErrorPlot, true);
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
    // Axes, legends and marks as they will be once everything pending is drawn.
    d->settleTimer.stop();
    d->settle();
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
    return QWidget::eventFilter(watched, event);
}

} // namespace bnlab
