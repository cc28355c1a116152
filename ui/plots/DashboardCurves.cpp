#include "DashboardCurves.h"

#include "Dashboard.h"
#include "DashboardCurvesKeys.h"
#include "MomentumScale.h"
#include "PlotFrame.h"

#include <QObject>
#include <cmath>
#include <limits>

namespace bnlab {

namespace ms = momentum_scale;

namespace {
constexpr int MeanPlot = 0, VarPlot = 1, ErrorPlot = 2, AccuracyPlot = 3;
const char* MainLayer = "main";

// 1/(1−β) for an EMA; 0 where a window mark means nothing.
double windowOf(const EstimatorSpec& spec) {
    if (spec.kind != EstimatorKind::Ema || spec.decay >= 1.0)
        return 0.0;
    return 1.0 / (1.0 - spec.decay);
}

// Short, for legends that must fit a projector: "β = 0.9". The error plot adds the window.
QString momentumName(const ViewSettings& view, double momentum) {
    return ms::symbolAndValue(view.convention, momentum);
}

// Which view fields each group of curves depends on.
auto comparedKey(const ViewSettings& v) {
    return std::tuple(v.convention, v.comparedMomenta, v.showEma, v.showCumulative,
                      v.unbiasedVariance);
}
auto sliderKey(const ViewSettings& v) {
    return std::tuple(v.convention, v.sliderMomentum, v.showDebiasedEma, v.unbiasedVariance);
}
} // namespace

using namespace curve_keys;

bool DashboardCurves::isSliderKey(const QString& key) {
    return key == SliderKey || key == TwinKey;
}

QCPGraph* DashboardCurves::addGraph(int plot, const Style& look, const QString& name,
                                    const char* layer, QCPAxis* valueAxis) {
    QCustomPlot* p = plots_[std::size_t(plot)];
    auto make = [&](const Style& s) {
        QCPGraph* g = p->addGraph(p->xAxis, valueAxis ? valueAxis : p->yAxis);
        g->setLayer(QLatin1String(layer));
        g->setAdaptiveSampling(true);
        g->setSelectable(QCP::stNone);
        g->setProperty("role", s.role);
        g->setProperty("seriesKey", s.key);
        g->setProperty("fitsAxis", s.fitsAxis);
        styles_.insert(g, s);
        return g;
    };
    QCPGraph* halo = nullptr;
    if (look.halo) { // created first: drawn underneath
        Style outline = look;
        outline.role = QStringLiteral("halo");
        outline.fitsAxis = outline.legend = outline.halo = false;
        halo = make(outline);
        halo->removeFromLegend();
    }
    QCPGraph* g = make(look);
    g->setName(name);
    style(g);
    if (halo) {
        halo->setData(g->data()); // the very same points, no copy
        halos_.insert(g, halo);
        style(halo);
    }
    return g;
}

void DashboardCurves::removeGraph(QCPGraph* graph) {
    if (!graph)
        return;
    if (QCPGraph* halo = halos_.take(graph)) {
        styles_.remove(halo);
        dense_.remove(halo);
        halo->parentPlot()->removeGraph(halo);
    }
    styles_.remove(graph);
    dense_.remove(graph);
    graph->parentPlot()->removeGraph(graph);
}

void DashboardCurves::create(const std::array<QCustomPlot*, 4>& plots) {
    plots_ = plots;
    const char* reference = PlotFrame::ReferenceLayer;

    Style dots;
    dots.role = dots.key = QStringLiteral("batch");
    dots.tint = Tint::Dots;
    dots.shape = QCPScatterStyle::ssDisc;
    dots.shapeSize = 4.0;
    dots.line = false;
    dots.fitsAxis = false;
    dots.inKey = true;
    batch_[0] = addGraph(MeanPlot, dots, tr("batch means"), MainLayer);
    batch_[1] = addGraph(VarPlot, dots, tr("batch variances"), MainLayer);

    // On top of every EMA, outlined: the target the lesson is about stays visible.
    Style exact;
    exact.role = exact.key = QStringLiteral("population");
    exact.tint = Tint::Foreground;
    exact.width = 2.5;
    exact.halo = true;
    exact.inKey = true;
    population_[0] = addGraph(MeanPlot, exact, tr("population"), reference);
    population_[1] = addGraph(VarPlot, exact, tr("population"), reference);

    // The accuracy plot: validation accuracy three ways, the training curves, learning rate.
    // (The dashboard's key explains population black and slider vermillion here too.)
    Style lossLook;
    lossLook.role = lossLook.key = QStringLiteral("loss");
    lossLook.tint = Tint::Loss;
    lossLook.width = 1.0;
    lossLook.inset = true;
    loss_ = addGraph(AccuracyPlot, lossLook, tr("training loss (right)"), MainLayer,
                     plots_[AccuracyPlot]->yAxis2);
    Style train = lossLook;
    train.role = train.key = train.gate = QStringLiteral("accuracy-train");
    train.tint = Tint::Own;
    train.colour = okabeIto(OkabeIto::SkyBlue);
    train.width = 1.2;
    train.alpha = 200;
    accuracyTrain_ = addGraph(AccuracyPlot, train, tr("training batches"), MainLayer);
    Style accuracy;
    accuracy.role = accuracy.key = QStringLiteral("accuracy-batch");
    accuracy.tint = Tint::Foreground;
    accuracy.width = 1.6;
    accuracy.pen = Qt::DashLine;
    accuracy.shape = QCPScatterStyle::ssCircle;
    accuracy.shapeSize = 5.0;
    accuracy.inset = true;
    accuracyBatch_ = addGraph(AccuracyPlot, accuracy, tr("with batch statistics"), MainLayer);
    Style previous;
    previous.role = previous.key = QStringLiteral("accuracy-previous");
    previous.tint = Tint::Dim;
    previous.width = 2.5;
    previous.inset = true;
    previous.fitsAxis = false;
    accuracyPrevious_ =
        addGraph(AccuracyPlot, previous, tr("previous momentum (updating)"), MainLayer);
    accuracy.role = accuracy.key = QStringLiteral("accuracy-population");
    accuracy.inset = false; // black and vermillion are in the dashboard's key
    accuracy.pen = Qt::SolidLine;
    accuracy.shape = QCPScatterStyle::ssNone;
    accuracy.width = 2.5;
    accuracy.halo = true;
    accuracyPopulation_ = addGraph(AccuracyPlot, accuracy, tr("population"), reference);
    accuracy.role = accuracy.key = QStringLiteral("accuracy-slider");
    accuracy.tint = Tint::Own;
    accuracy.colour = theme_.slider();
    accuracy.width = 3.5;
    accuracy.halo = false;
    accuracySlider_ =
        addGraph(AccuracyPlot, accuracy, tr("EMA (slider)"), PlotFrame::HighlightLayer);
    // The learning rate on an axis of its own, right of the loss axis, shown with its curve.
    QCPAxis* lrAxis = plots_[AccuracyPlot]->axisRect()->addAxis(QCPAxis::atRight);
    lrAxis->setLabel(tr("learning rate"));
    lrAxis->setVisible(false);
    lrAxis->setProperty("role", QStringLiteral("learning-rate"));
    Style lr;
    lr.role = lr.key = lr.gate = QStringLiteral("learning-rate");
    lr.tint = Tint::Foreground;
    lr.width = 1.5;
    lr.pen = Qt::DotLine;
    lr.inset = true;
    learningRate_ = addGraph(AccuracyPlot, lr, tr("learning rate (far right)"), MainLayer, lrAxis);
    // The legend in reading order.
    for (QCPGraph* g : {accuracySlider_, accuracyPrevious_, accuracyPopulation_, accuracyBatch_,
                        accuracyTrain_, loss_, learningRate_}) {
        g->removeFromLegend();
        g->addToLegend();
    }

    // The error plot's own legend: what solid and dashed mean (no data, only the sample).
    Style errorKey;
    errorKey.role = errorKey.key = QStringLiteral("error-key");
    errorKey.tint = Tint::Foreground;
    errorKey.width = 1.6;
    errorKey.inset = true;
    errorKey.fitsAxis = false;
    errorKey_[0] = addGraph(ErrorPlot, errorKey, tr("mean: |Δμ| / σ"), MainLayer);
    errorKey.pen = Qt::DashLine;
    errorKey_[1] = addGraph(ErrorPlot, errorKey, tr("variance: |Δσ²| / σ²"), MainLayer);

    // The slider's curves exist for good (the slider always means something).
    Style slider;
    slider.role = slider.key = SliderKey;
    slider.gate = QStringLiteral("ema");
    slider.colour = theme_.slider();
    slider.width = 3.5;
    slider.inKey = true;
    slider_.estimators.push_back(makeEstimator(SliderKey, QString(), sliderSpec(), slider,
                                               PlotFrame::HighlightLayer, true, true));

    Style precise;
    precise.role = precise.key = precise.gate = QStringLiteral("precise");
    precise.tint = Tint::Foreground;
    precise.width = 1.0;
    precise.shape = QCPScatterStyle::ssDiamond;
    precise.shapeSize = 8.0;
    precise.line = false;
    precise.inKey = true;
    precise_[0] = addGraph(MeanPlot, precise, tr("PreciseBN"), reference);
    precise_[1] = addGraph(VarPlot, precise, tr("PreciseBN"), reference);
}

DashboardCurves::Estimator DashboardCurves::makeEstimator(const QString& key, const QString& name,
                                                          const EstimatorSpec& spec,
                                                          const Style& look, const char* layer,
                                                          bool markWindow, bool labelMark) {
    Estimator e;
    e.key = key;
    e.name = name;
    e.spec = spec;
    e.stat[0] = addGraph(MeanPlot, look, name, layer);
    e.stat[1] = addGraph(VarPlot, look, name, layer);
    Style error = look;
    error.halo = false;
    error.inKey = false; // the key lists the momentum once, from its mean curve
    error.role = QStringLiteral("error");
    e.error = addGraph(ErrorPlot, error, name, layer);
    error.role = QStringLiteral("error-variance");
    error.pen = Qt::DashLine;
    e.errorVariance = addGraph(ErrorPlot, error, name + tr(", variance"), layer);
    if (markWindow) {
        QCustomPlot* p = plots_[ErrorPlot];
        p->setCurrentLayer(QLatin1String(layer));
        e.mark = new QCPItemStraightLine(p);
        e.mark->setSelectable(false);
        if (labelMark) {
            e.markLabel = new QCPItemText(p);
            e.markLabel->setSelectable(false);
            e.markLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
            e.markLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            e.markLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
            e.markLabel->setPadding(QMargins(4, 2, 4, 2));
        }
        p->setCurrentLayer(QLatin1String(MainLayer));
    }
    renameEstimator(e, name, spec);
    return e;
}

void DashboardCurves::renameEstimator(Estimator& e, const QString& name,
                                      const EstimatorSpec& spec) {
    e.name = name;
    e.spec = spec;
    e.stat[0]->setName(name);
    e.stat[1]->setName(name);
    // The error plot marks each window 1/(1−β) in the curve's colour; the slider's mark is
    // labelled there, and its legend entry names its window too.
    const QString window = e.markLabel && windowOf(spec) > 0
                               ? QStringLiteral(" (%1)").arg(ms::windowPhrase(spec.decay))
                               : QString();
    e.error->setName(name + window);
    e.errorVariance->setName(name + tr(", variance"));
    styles_[e.stat[1]].inKey = false; // listed once, from the mean curve
    placeMark(e);
}

void DashboardCurves::placeMark(Estimator& e) const {
    if (!e.mark)
        return;
    const double window = windowOf(e.spec);
    e.mark->point1->setCoords(window, 1e-3);
    e.mark->point2->setCoords(window, 1.0);
    const QColor colour = styles_[e.error].colour;
    e.mark->setPen(QPen(colour, theme_.lineWidth(1.5), Qt::DashDotLine));
    if (e.markLabel) {
        e.markLabel->position->setCoords(window, 0.0);
        e.markLabel->setText(ms::windowPhrase(e.spec.decay));
        e.markLabel->setColor(colour);
        e.markLabel->setFont(theme_.plotFont());
        e.markLabel->setBrush(theme_.legendBackground());
    }
}

void DashboardCurves::removeEstimators(std::vector<Estimator>& estimators) {
    for (Estimator& e : estimators) {
        for (QCPGraph* g : {e.stat[0], e.stat[1], e.error, e.errorVariance})
            removeGraph(g);
        if (e.mark)
            e.mark->parentPlot()->removeItem(e.mark);
        if (e.markLabel)
            e.markLabel->parentPlot()->removeItem(e.markLabel);
    }
    estimators.clear();
}

void DashboardCurves::restartGroup(Group& group, bool keepPoints) {
    std::vector<EstimatorSpec> specs;
    for (Estimator& e : group.estimators) {
        specs.push_back(e.spec);
        if (!keepPoints)
            for (QCPGraph* g : {e.stat[0], e.stat[1], e.error, e.errorVariance})
                g->data()->clear();
    }
    group.replay.reset(std::move(specs));
}

DashboardCurves::Rebuilt DashboardCurves::rebuild(const ViewSettings& view) {
    const bool comparedChanged = !built_ || comparedKey(view) != comparedKey(view_);
    const bool sliderChanged = !built_ || sliderKey(view) != sliderKey(view_);
    // The PreciseBN gate belongs to no estimator group: re-applied on its own when it changes.
    const bool preciseChanged = !built_ || view.showPreciseBn != view_.showPreciseBn;
    view_ = view;
    built_ = true;
    Rebuilt out;

    if (sliderChanged) {
        auto& estimators = slider_.estimators;
        const EstimatorSpec spec = Dashboard::displayedSpec(view, view.sliderMomentum);
        renameEstimator(estimators[0],
                        tr("EMA %1 (slider)").arg(momentumName(view, view.sliderMomentum)), spec);
        // The debiased twin follows the slider's β.
        const QString twinName =
            tr("debiased EMA %1").arg(ms::symbolAndValue(view.convention, view.sliderMomentum));
        const auto twinSpec = EstimatorSpec::debiased(spec.decay, view.unbiasedVariance);
        const bool hadTwin = estimators.size() > 1;
        if (hadTwin && view.showDebiasedEma) {
            renameEstimator(estimators[1], twinName, twinSpec);
        } else if (hadTwin) {
            std::vector<Estimator> twin(estimators.begin() + 1, estimators.end());
            estimators.resize(1);
            removeEstimators(twin);
            out.onlySlider = false;
        } else if (view.showDebiasedEma) {
            Style twin;
            twin.role = twin.key = TwinKey;
            twin.colour = theme_.slider();
            twin.width = 2.5;
            twin.pen = Qt::DashLine;
            twin.inKey = true;
            estimators.push_back(makeEstimator(TwinKey, twinName, twinSpec, twin,
                                               PlotFrame::HighlightLayer, false, false));
            out.onlySlider = false;
        }
        restartGroup(slider_, true); // overwritten in place by the next advance
        for (const Estimator& e : estimators)
            out.keys.push_back(e.key);
    }

    if (comparedChanged) {
        out.onlySlider = false;
        removeEstimators(compared_.estimators);
        if (view.showEma) {
            for (std::size_t i = 0; i < view.comparedMomenta.size(); ++i) {
                const double momentum = view.comparedMomenta[i];
                const EstimatorSpec spec = Dashboard::displayedSpec(view, momentum);
                Style look;
                look.role = QStringLiteral("compared");
                look.key = QStringLiteral("ema:") + QString::fromStdString(spec.label());
                look.gate = QStringLiteral("ema");
                look.colour = theme_.compared(int(i));
                look.width = 1.2;
                look.alpha = 170;
                look.inKey = true;
                compared_.estimators.push_back(makeEstimator(look.key, momentumName(view, momentum),
                                                             spec, look, MainLayer, true, false));
            }
        }
        if (view.showCumulative) {
            Style look;
            look.role = look.key = QStringLiteral("cumulative");
            look.tint = Tint::Foreground;
            look.width = 2.0;
            look.pen = Qt::DashDotLine;
            look.inKey = true;
            compared_.estimators.push_back(makeEstimator(
                look.key, tr("cumulative average"),
                EstimatorSpec::cumulative(view.unbiasedVariance), look, MainLayer, false, false));
        }
        restartGroup(compared_, false);
        for (const Estimator& e : compared_.estimators)
            out.keys.push_back(e.key);
    }
    if (markSameAsSlider())
        out.onlySlider = false;
    if (!out.onlySlider || preciseChanged)
        applyVisibility();
    return out;
}

void DashboardCurves::clearFeatureData() {
    for (QCPGraph* g :
         {batch_[0], batch_[1], population_[0], population_[1], precise_[0], precise_[1]})
        g->data()->clear();
    restartGroup(slider_, false);
    restartGroup(compared_, false);
}

void DashboardCurves::clearData() {
    clearFeatureData();
    for (QCPGraph* g : {accuracyBatch_, accuracySlider_, accuracyPopulation_, accuracyPrevious_,
                        accuracyTrain_, learningRate_, loss_})
        g->data()->clear();
}

EstimatorSpec DashboardCurves::sliderSpec() const {
    if (slider_.estimators.empty())
        return Dashboard::displayedSpec(view_, view_.sliderMomentum);
    return slider_.estimators[0].spec;
}

std::vector<QString> DashboardCurves::allKeys() const {
    std::vector<QString> keys;
    for (const Group* group : {&slider_, &compared_})
        for (const Estimator& e : group->estimators)
            keys.push_back(e.key);
    return keys;
}

std::optional<EstimatorSpec> DashboardCurves::specOf(const QString& key) const {
    for (const Group* group : {&slider_, &compared_})
        for (const Estimator& e : group->estimators)
            if (e.key == key)
                return e.spec;
    return std::nullopt;
}

QCPGraph* DashboardCurves::sliderGraph(int plot) const {
    if (plot == AccuracyPlot)
        return accuracySlider_;
    if (slider_.estimators.empty())
        return nullptr;
    const Estimator& e = slider_.estimators[0];
    return plot == ErrorPlot ? e.error : e.stat[std::size_t(plot)];
}

std::vector<std::pair<QString, QCPGraph*>> DashboardCurves::emaGraphs(int plot) const {
    std::vector<std::pair<QString, QCPGraph*>> out;
    for (const Group* group : {&slider_, &compared_})
        for (const Estimator& e : group->estimators)
            out.emplace_back(e.name, plot == ErrorPlot ? e.error : e.stat[std::size_t(plot)]);
    return out;
}

} // namespace bnlab
