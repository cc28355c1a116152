#include "DashboardCurves.h"

#include "Dashboard.h"
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

QString tr(const char* text) {
    return QObject::tr(text);
}

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
const QString SliderKey = QStringLiteral("slider");
const QString TwinKey = QStringLiteral("debiased");
} // namespace

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

void DashboardCurves::style(QCPGraph* g) const {
    const Style& s = styles_[g];
    if (s.role == QLatin1String("halo")) {
        const bool dense = dense_.contains(g);
        g->setPen(QPen(theme_.background(), theme_.lineWidth(s.width + 3.0), Qt::SolidLine,
                       dense ? Qt::SquareCap : Qt::RoundCap,
                       dense ? Qt::BevelJoin : Qt::RoundJoin));
        g->setAntialiased(!dense);
        g->setLineStyle(QCPGraph::lsLine);
        g->setScatterStyle(QCPScatterStyle());
        return;
    }
    QColor colour = s.colour;
    switch (s.tint) {
    case Tint::Foreground:
        colour = theme_.foreground();
        break;
    case Tint::Dots:
        colour = theme_.batchDots();
        break;
    case Tint::Loss:
        colour = theme_.lossLine();
        break;
    case Tint::Dim:
        colour = theme_.mutedText();
        break;
    case Tint::Own:
        break;
    }
    if (s.alpha < 255 && s.tint != Tint::Dots)
        colour.setAlpha(s.alpha);
    // Round joins cost a Bézier curve per point: only where few points are drawn.
    const bool dense = dense_.contains(g);
    g->setPen(QPen(colour, theme_.lineWidth(s.width), s.pen, dense ? Qt::SquareCap : Qt::RoundCap,
                   dense ? Qt::BevelJoin : Qt::RoundJoin));
    g->setLineStyle(s.line ? QCPGraph::lsLine : QCPGraph::lsNone);
    if (s.shape == QCPScatterStyle::ssNone) {
        g->setScatterStyle(QCPScatterStyle());
    } else if (s.tint == Tint::Dots && dense_.contains(g)) {
        // Thousands of dots: small unantialiased squares look the same, draw 4× faster.
        QCPScatterStyle scatter(QCPScatterStyle::ssSquare, colour, colour,
                                0.6 * s.shapeSize * theme_.scale);
        scatter.setPen(QPen(colour, 1.0));
        g->setScatterStyle(scatter);
    } else {
        const bool filled = s.shape == QCPScatterStyle::ssDisc;
        QCPScatterStyle scatter(s.shape, colour, filled ? colour : theme_.background(),
                                s.shapeSize * theme_.scale);
        scatter.setPen(QPen(colour, theme_.lineWidth(filled ? 1.0 : 2.0)));
        g->setScatterStyle(scatter);
    }
    g->setAntialiased(!dense);
    g->setAntialiasedScatters(!dense);
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

void DashboardCurves::advance(Group& group, const BatchStatsView& stats, int layer,
                              Eigen::Index feature, const QCPRange& visible) {
    auto& estimators = group.estimators;
    const long from = group.replay.steps();
    const long to = stats.steps();
    if (to <= from || estimators.empty())
        return;
    const std::size_t count = estimators.size();
    // A restarted replay writes over the points already drawn (same steps, new values), so
    // dragging the slider allocates nothing; steps beyond them are appended.
    std::vector<long> have(count);
    std::vector<std::array<QCPGraphData*, 2>> points(count);
    std::vector<std::array<QVector<QCPGraphData>, 2>> tails(count);
    for (std::size_t k = 0; k < count; ++k) {
        Estimator& e = estimators[k];
        long n = std::min<long>(e.stat[0]->data()->size(), e.stat[1]->data()->size());
        if (n < from || n > to) { // not the record being replayed: start it afresh
            e.stat[0]->data()->clear();
            e.stat[1]->data()->clear();
            n = 0;
        }
        if (n < from) {
            // Cannot happen after restartGroup; a replay ahead of its points starts over.
            restartGroup(group, false);
            advance(group, stats, layer, feature, visible);
            return;
        }
        have[k] = n;
        for (int j = 0; j < 2; ++j) {
            points[k][std::size_t(j)] =
                n > from ? &*e.stat[std::size_t(j)]->data()->begin() : nullptr;
            tails[k][std::size_t(j)].resize(to - std::max(from, n));
        }
    }
    // The value range within the visible steps, noted on the way (saves a second pass when
    // deciding whether the axes still hold the slider's curves).
    const long firstVisible = long(std::ceil(visible.lower));
    const long lastVisible = long(std::floor(visible.upper));
    double lo[2] = {std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity()};
    double hi[2] = {-lo[0], -lo[1]};
    group.replay.advance(stats, layer, feature,
                         [&](std::size_t k, long step, double mean, double var) {
                             const long i = step - 1;
                             if (i < have[k]) {
                                 points[k][0][i].value = mean;
                                 points[k][1][i].value = var;
                             } else {
                                 const long j = i - std::max(from, have[k]);
                                 tails[k][0][j] = QCPGraphData(double(step), mean);
                                 tails[k][1][j] = QCPGraphData(double(step), var);
                             }
                             if (step >= firstVisible && step <= lastVisible) {
                                 lo[0] = std::min(lo[0], mean);
                                 hi[0] = std::max(hi[0], mean);
                                 lo[1] = std::min(lo[1], var);
                                 hi[1] = std::max(hi[1], var);
                             }
                         });
    for (int j = 0; j < 2; ++j)
        group.visibleRange[std::size_t(j)] =
            from == 0 && lo[j] <= hi[j] ? std::optional(QCPRange(lo[j], hi[j])) : std::nullopt;
    for (std::size_t k = 0; k < count; ++k)
        for (int j = 0; j < 2; ++j)
            if (!tails[k][std::size_t(j)].isEmpty())
                estimators[k].stat[std::size_t(j)]->data()->add(tails[k][std::size_t(j)], true);
}

void DashboardCurves::advanceReplays(const BatchStatsView& stats, int layer, Eigen::Index feature,
                                     const QCPRange& visible) {
    advance(slider_, stats, layer, feature, visible);
    advance(compared_, stats, layer, feature, visible);
}

std::optional<QCPRange> DashboardCurves::sliderValueRange(int statistic) const {
    return slider_.visibleRange[std::size_t(statistic)];
}

long DashboardCurves::replayedSteps() const {
    return std::max(slider_.replay.steps(), compared_.replay.steps());
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

bool DashboardCurves::setErrorCurve(const QString& key, const EstimatorSpec& spec,
                                    const ErrorCurve& curve) {
    for (Group* group : {&slider_, &compared_})
        for (Estimator& e : group->estimators) {
            if (e.key != key || !(e.spec == spec))
                continue;
            QVector<QCPGraphData> mean(qsizetype(curve.steps.size()));
            QVector<QCPGraphData> var(qsizetype(curve.steps.size()));
            for (std::size_t i = 0; i < curve.steps.size(); ++i) {
                // The log axis cannot show 0: an exact match sits at the bottom instead.
                mean[qsizetype(i)] = {double(curve.steps[i]), std::max(curve.meanError[i], 1e-9)};
                var[qsizetype(i)] = {double(curve.steps[i]), std::max(curve.varError[i], 1e-9)};
            }
            e.error->data()->set(mean, true);
            e.errorVariance->data()->set(var, true);
            return true;
        }
    return false;
}

bool DashboardCurves::gateOpen(const QString& gates) const {
    for (const QString& gate : gates.split(QLatin1Char('+'), Qt::SkipEmptyParts)) {
        if (gate == QLatin1String("ema") && !view_.showEma)
            return false;
        if (gate == QLatin1String("precise") && !view_.showPreciseBn)
            return false;
        if (gate == QLatin1String("accuracy-train") && !showTrainingAccuracy_)
            return false;
        if (gate == QLatin1String("learning-rate") && !showLearningRate_)
            return false;
    }
    return true;
}

bool DashboardCurves::markSameAsSlider() {
    const EstimatorSpec slider = sliderSpec();
    bool changed = false;
    for (Estimator& e : compared_.estimators) {
        const bool same = e.spec == slider;
        changed = changed || same != e.sameAsSlider;
        e.sameAsSlider = same;
    }
    return changed;
}

void DashboardCurves::applyVisibility() {
    QSet<QCPGraph*> duplicates; // compared curves the slider's own curves stand for
    for (const Estimator& e : compared_.estimators)
        if (e.sameAsSlider)
            duplicates.unite({e.stat[0], e.stat[1], e.error, e.errorVariance});
    for (auto it = styles_.cbegin(); it != styles_.cend(); ++it) {
        QCPGraph* g = it.key();
        if (it->role == QLatin1String("halo"))
            continue; // follows its graph below
        const bool open = gateOpen(it->gate) && !duplicates.contains(g);
        const bool userHidden = hidden_.contains(it->key);
        g->setVisible(open && !userHidden);
        if (QCPGraph* halo = halos_.value(g))
            halo->setVisible(g->visible());
        const bool listed = figureLegends_ ? it->legend : it->inset;
        const bool empty = g == accuracyPrevious_ && g->data()->isEmpty();
        if (!open || !listed || empty) {
            g->removeFromLegend();
            continue;
        }
        g->addToLegend();
        QCPLegend* legend = g->parentPlot()->legend;
        if (QCPPlottableLegendItem* item = legend->itemWithPlottable(g)) {
            // A switched-off series stays in the legend, greyed, to switch it back on.
            const QColor text = userHidden ? theme_.mutedText() : theme_.foreground();
            item->setTextColor(text);
            item->setSelectedTextColor(text);
        }
    }
    QCPAxis* lrAxis = learningRate_->valueAxis();
    lrAxis->setVisible(learningRate_->visible());
    for (const Group* group : {&slider_, &compared_})
        for (const Estimator& e : group->estimators) {
            if (e.mark)
                e.mark->setVisible(e.error->visible());
            if (e.markLabel)
                e.markLabel->setVisible(e.error->visible());
        }
}

std::vector<DashboardCurves::KeyEntry> DashboardCurves::keyEntries() const {
    std::vector<KeyEntry> out;
    auto add = [&](QCPGraph* g) {
        if (!g || !styles_.contains(g))
            return;
        const Style& s = styles_[g];
        if (!s.inKey || !gateOpen(s.gate))
            return;
        KeyEntry k;
        k.key = s.key;
        k.name = g->name();
        k.colour = g->pen().color();
        k.colour.setAlpha(255);
        k.width = s.width;
        k.pen = s.pen;
        k.shape = s.shape;
        k.line = s.line;
        k.hidden = hidden_.contains(s.key);
        out.push_back(k);
    };
    for (const Estimator& e : slider_.estimators)
        add(e.stat[0]);
    add(population_[0]);
    add(batch_[0]);
    add(precise_[0]);
    for (const Estimator& e : compared_.estimators)
        if (!e.sameAsSlider)
            add(e.stat[0]);
    if (!out.empty() && batch_[0]) // one name for means and variances
        for (KeyEntry& k : out)
            if (k.key == QLatin1String("batch"))
                k.name = tr("batch statistics");
    return out;
}

void DashboardCurves::applyTheme(const Theme& theme) {
    theme_ = theme;
    // Colours that follow the theme's own choices.
    for (auto it = styles_.begin(); it != styles_.end(); ++it)
        if (it->role == SliderKey || it->role == TwinKey ||
            it->role == QLatin1String("accuracy-slider"))
            it->colour = theme_.slider();
    for (auto it = styles_.cbegin(); it != styles_.cend(); ++it)
        style(it.key());
    for (Group* group : {&slider_, &compared_})
        for (Estimator& e : group->estimators)
            placeMark(e);
    applyVisibility();
}

void DashboardCurves::adaptToDensity(const QCPRange& steps, int pixels) {
    for (auto it = styles_.cbegin(); it != styles_.cend(); ++it) {
        QCPGraph* g = it.key();
        const auto data = g->data();
        const long visible =
            long(data->findEnd(steps.upper, false) - data->findBegin(steps.lower, false));
        const bool dense = visible > 2L * std::max(1, pixels);
        if (dense != dense_.contains(g)) {
            if (dense)
                dense_.insert(g);
            else
                dense_.remove(g);
            style(g);
        }
    }
    // PreciseBN markers: about one per 20 pixels.
    for (QCPGraph* g : precise_) {
        const auto data = g->data();
        const int visible =
            int(data->findEnd(steps.upper, false) - data->findBegin(steps.lower, false));
        g->setScatterSkip(std::max(0, visible / std::max(1, pixels / 20) - 1));
    }
}

void DashboardCurves::setShowTrainingAccuracy(bool show) {
    showTrainingAccuracy_ = show;
    applyVisibility();
}

void DashboardCurves::setShowLearningRate(bool show) {
    showLearningRate_ = show;
    applyVisibility();
}

void DashboardCurves::setFigureLegends(bool on) {
    figureLegends_ = on;
    applyVisibility();
}

void DashboardCurves::keepPreviousAccuracy() {
    // A second change before any new point arrived keeps the older curve dimmed.
    if (!accuracySlider_->data()->isEmpty())
        accuracyPrevious_->data()->set(*accuracySlider_->data());
    accuracySlider_->data()->clear();
    applyVisibility();
}

void DashboardCurves::dropPreviousAccuracy() {
    if (accuracyPrevious_->data()->isEmpty())
        return;
    accuracyPrevious_->data()->clear();
    applyVisibility();
}

void DashboardCurves::toggleHidden(QCPAbstractLegendItem* item) {
    auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
    auto* graph = plottableItem ? qobject_cast<QCPGraph*>(plottableItem->plottable()) : nullptr;
    if (!graph || !styles_.contains(graph))
        return;
    toggleHidden(styles_[graph].key);
}

void DashboardCurves::toggleHidden(const QString& key) {
    if (hidden_.contains(key))
        hidden_.remove(key);
    else
        hidden_.insert(key);
    applyVisibility();
}

void DashboardCurves::setBatchVarianceName(const QString& name) {
    batch_[1]->setName(name);
}

void DashboardCurves::setSliderAccuracyName(const ViewSettings& view) {
    accuracySlider_->setName(
        tr("EMA %1 (slider)").arg(ms::symbolAndValue(view.convention, view.sliderMomentum)));
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
