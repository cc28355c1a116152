#include "Dashboard.h"

#include "DashboardAxes.h"
#include "DashboardCurves.h"
#include "FeatureNotes.h"
#include "MomentumKey.h"
#include "MomentumScale.h"
#include "PlotHover.h"
#include "PlotSet.h"
#include "RecordPlotter.h"
#include "RedrawScheduler.h"

#include <QGridLayout>
#include <algorithm>

namespace bnlab {

namespace ms = momentum_scale;

static_assert(MeanPlot == int(PlotId::RunningMean) && VarPlot == int(PlotId::RunningVariance) &&
              ErrorPlot == int(PlotId::Error) && AccuracyPlot == int(PlotId::Accuracy));

struct Dashboard::Private {
    Dashboard* q;
    PlotSet plots;
    DashboardCurves curves;
    MomentumKey* key = nullptr;
    QGridLayout* grid = nullptr;
    std::optional<PlotId> focused;
    RunInfo info;
    ViewSettings view;
    int layer = 0; // the view's layer and feature, clamped to the run
    Eigen::Index feature = 0;
    ConstantFeatureTracker constant; // explains features that are constant by construction
    Theme theme;

    DashboardAxes axes;
    PlotHover hover;
    RecordPlotter record;
    RedrawScheduler redraws;

    explicit Private(Dashboard* owner)
        : q(owner), axes(plots, curves), hover(plots, curves), record(curves, owner),
          redraws(plots, {[this] { prepareFullRedraw(); },
                          [this](int i) { return axes.highlightFits(i); }}) {}

    PlotFrame& frame(int i) const { return plots.frame(i); }
    QCustomPlot* plot(int i) const { return plots.plot(i); }
    static QString tr(const char* text) { return Dashboard::tr(text); }

    void prepareFullRedraw() {
        axes.followLatest(record.featureSteps());
        axes.fitValueAxes();
        frame(MeanPlot).setHint(record.featureSteps() == 0 ? tr("Press Space to train")
                                                           : QString());
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

    // Draws whatever `history` holds beyond what is drawn already.
    void drawNew(const History& history) {
        if (history.layers() == 0)
            return;
        record.appendNew(history, {layer, feature, view.unbiasedVariance}, axes.stepRange(),
                         q->isVisible());
        updateNotes(history);
    }

    void requestErrors(const History& history, const std::vector<QString>& keys) {
        record.requestErrors(history, layer, keys, q->isVisible());
    }

    void applyErrors(const std::vector<ErrorCurveResult>& results) {
        const RedrawScheduler::Work work(redraws);
        switch (record.applyErrors(results)) {
        case RecordPlotter::ErrorsDrawn::None:
            break;
        case RecordPlotter::ErrorsDrawn::SliderOnly:
            redraws.requestHighlight(ErrorPlot);
            break;
        case RecordPlotter::ErrorsDrawn::Others:
            redraws.requestFull(ErrorPlot);
            break;
        }
    }

    void applyTheme() {
        for (int i = 0; i < PlotCount; ++i)
            frame(i).applyTheme(theme);
        curves.applyTheme(theme);
        if (key)
            key->applyTheme(theme);
        refreshKey();
        redraws.requestFull(AllPlots, true);
    }

    void layOutPlots() {
        for (int i = 0; i < PlotCount; ++i) {
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
        redraws.requestFull(AllPlots, true);
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
        d->redraws.requestFull(AllPlots, true);
    });
    d->plots.create(this);
    for (int i = 0; i < PlotCount; ++i)
        grid->addWidget(d->plot(i), 1 + i / 2, i % 2);
    grid->setRowStretch(0, 0);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    d->axes.configure();
    d->axes.defaultValueRanges();
    d->layOutPlots();
    d->curves.create(d->plots.plots());
    d->curves.rebuild(d->view); // the default view's curves, empty until a run arrives
    d->updateTitles();
    d->refreshKey();

    for (int i = 0; i < PlotCount; ++i) {
        QCustomPlot* p = d->plot(i);
        // The four step axes move together.
        connect(p->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                [this](const QCPRange& range) {
                    if (d->axes.syncing())
                        return; // our own change
                    // The teacher zoomed or panned. Zooming at the latest steps keeps
                    // following them with the new width; looking into the past stops.
                    if (d->axes.leavesLatest(range, d->record.featureSteps()))
                        setFollowLatest(false);
                    else
                        d->axes.setFollowWindow(range.size());
                    d->axes.setStepRange(range);
                    d->redraws.requestFull(AllPlots, true);
                });
        connect(p, &QCustomPlot::mouseMove, this, [this, i](QMouseEvent* event) {
            if (event->buttons() & Qt::LeftButton)
                return; // not while panning
            if (const auto hovered = d->hover.hover(i, event, d->record.featureSteps()))
                emit hoveredStep(hovered->step, hovered->summary);
        });
        connect(p, &QCustomPlot::legendClick, this,
                [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
                    if (!item)
                        return;
                    item->setSelected(false);
                    d->curves.toggleHidden(item);
                    d->refreshKey();
                    d->redraws.requestFull(AllPlots, true);
                });
        p->installEventFilter(this);
    }
    connect(&d->record.errors(), &ErrorCurveWorker::ready, this,
            [this](const std::vector<ErrorCurveResult>& results) { d->applyErrors(results); });
    d->applyTheme();
}

Dashboard::~Dashboard() = default;

void Dashboard::resetRun(const RunInfo& info) {
    const RedrawScheduler::Work work(d->redraws);
    d->info = info;
    d->record.clearRecord();
    d->updateTitles();
    d->constant.reset(0, 0);
    for (int i = 0; i < PlotCount; ++i)
        d->frame(i).setNote(QString());
    d->axes.setFollowing(true);
    d->axes.setFollowWindow(0);
    d->axes.setStepRange(QCPRange(0, 10));
    d->axes.defaultValueRanges();
    d->hover.unhover();
    d->redraws.requestFull(AllPlots, true);
}

void Dashboard::historyGrew(const History& history) {
    const RedrawScheduler::Work work(d->redraws);
    if (history.steps() < d->record.featureSteps() || history.steps() < d->curves.replayedSteps())
        d->record.clearRecord(); // not the record drawn so far (a new run without resetRun)
    d->clampSelection(history);
    d->drawNew(history);
    d->redraws.requestFull();
}

void Dashboard::setViewSettings(const ViewSettings& settings, const History& history) {
    const RedrawScheduler::Work work(d->redraws);
    const ViewSettings old = d->view;
    const EstimatorSpec oldSlider = d->curves.sliderSpec();
    d->view = settings;
    const int oldLayer = d->layer;
    const Eigen::Index oldFeature = d->feature;
    d->clampSelection(history);
    const bool featureChanged = d->layer != oldLayer || d->feature != oldFeature ||
                                old.unbiasedVariance != settings.unbiasedVariance;
    if (featureChanged)
        d->record.clearFeature();
    const DashboardCurves::Rebuilt rebuilt = d->curves.rebuild(settings);
    const bool sliderChanged = !(d->curves.sliderSpec() == oldSlider);
    if (sliderChanged) {
        // Another estimator: its accuracy is not known yet. The old curve stays, dimmed and
        // named as the previous momentum, until the new one is whole.
        d->record.forgetSliderAccuracy();
        d->curves.keepPreviousAccuracy();
    }
    d->curves.setSliderAccuracyName(settings);
    d->updateTitles();
    if (featureChanged)
        d->constant.reset(d->layer, d->feature);
    d->drawNew(history);
    d->refreshKey();
    if (featureChanged)
        d->requestErrors(history, d->curves.allKeys());
    else if (!rebuilt.keys.empty())
        d->requestErrors(history, rebuilt.keys);

    if (featureChanged || !rebuilt.onlySlider || !(old.showPreciseBn == settings.showPreciseBn)) {
        d->redraws.requestFull(AllPlots, true);
    } else if (!rebuilt.keys.empty() || sliderChanged) {
        // The slider moved: its curves now, legends and axes once it rests.
        for (int i : {MeanPlot, VarPlot, ErrorPlot, AccuracyPlot})
            d->redraws.requestHighlight(i);
        d->redraws.settleWhenSliderRests();
    }
}

const ViewSettings& Dashboard::viewSettings() const {
    return d->view;
}

void Dashboard::setEstimatorBank(const std::vector<EstimatorSpec>& bank) {
    d->record.setEstimatorBank(bank);
}

bool Dashboard::sliderAccuracyFromBank() const {
    return d->record.bankIndexOfSlider() >= 0;
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
    const RedrawScheduler::Work work(d->redraws);
    d->record.forgetSliderAccuracy();
    d->curves.accuracySlider()->data()->clear();
    d->curves.dropPreviousAccuracy();
    d->redraws.requestFull(AccuracyPlot, true);
}

void Dashboard::sliderAccuracyComplete() {
    d->curves.dropPreviousAccuracy();
    d->redraws.requestFull(AccuracyPlot, true);
}

void Dashboard::addSliderAccuracy(const std::vector<ReevaluatedPoint>& points) {
    if (points.empty())
        return;
    const RedrawScheduler::Work work(d->redraws);
    d->record.addSliderAccuracy(points);
    d->redraws.requestHighlight(AccuracyPlot);
}

QCustomPlot* Dashboard::plot(PlotId id) const {
    return d->plot(int(id));
}

void Dashboard::setFollowLatest(bool follow) {
    if (follow == d->axes.following())
        return;
    d->axes.setFollowing(follow);
    if (follow)
        d->redraws.requestFull(AllPlots, true);
    emit followLatestChanged(follow);
}

bool Dashboard::followLatest() const {
    return d->axes.following();
}

void Dashboard::resetView() {
    d->axes.setFollowWindow(0);
    const bool changed = !d->axes.following();
    d->axes.setFollowing(true);
    d->redraws.requestFull(AllPlots, true);
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
    d->redraws.requestFull(AccuracyPlot, true);
}

void Dashboard::setShowLearningRate(bool show) {
    d->curves.setShowLearningRate(show);
    d->redraws.requestFull(AccuracyPlot, true);
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
    return d->redraws.lastReplotMs();
}

void Dashboard::waitForBackgroundWork() {
    d->record.errors().waitForDone();
}

void Dashboard::prepareForExport() {
    waitForBackgroundWork();
    d->hover.unhover();
    for (QCustomPlot* p : d->plots.plots())
        p->deselectAll();
    // Axes, legends and marks as they will be once everything pending is drawn; a figure
    // travels without the dashboard's key, so each plot lists all of its series.
    // (A figure of the whole dashboard shows the key itself.)
    const bool onePlot = property("exportTarget").value<QObject*>() != this;
    d->curves.setFigureLegends(onePlot);
    for (int i = 0; i < PlotCount; ++i)
        d->frame(i).setLegendBelow(onePlot);
    d->redraws.settleNow();
}

void Dashboard::finishExport() {
    d->curves.setFigureLegends(false);
    for (int i = 0; i < PlotCount; ++i)
        d->frame(i).setLegendBelow(false);
    d->redraws.requestFull(AllPlots, true);
}

QString Dashboard::currentValuesSummary() const {
    const double step = double(d->record.featureSteps());
    if (step < 1)
        return {};
    auto value = [&](const QCPGraph* g) -> QString {
        const QCPGraphData* p = g ? PlotHover::pointAtOrBefore(g, step) : nullptr;
        return p ? PlotHover::formatValue(p->value) : QStringLiteral("–");
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
    const int index = d->plots.indexOf(watched);
    if (event->type() == QEvent::Resize && index >= 0)
        d->frame(index).fitToWidth(); // before the plot redraws itself at the new size
    if (event->type() == QEvent::Leave && qobject_cast<QCustomPlot*>(watched))
        d->hover.unhover();
    if (event->type() == QEvent::MouseButtonPress && index >= 0)
        emit plotActivated(PlotId(index));
    if (event->type() == QEvent::MouseButtonDblClick && index >= 0)
        // the teacher's "look at this": one plot, or all again
        setFocusedPlot(d->focused ? std::nullopt : std::optional(PlotId(index)));
    return QWidget::eventFilter(watched, event);
}

} // namespace bnlab
