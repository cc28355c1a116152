// How DashboardCurves look: pens and markers by theme and density, which series are shown and
// listed (view switches, the teacher's hidden series, screen or figure legends), the
// dashboard's key.
#include "DashboardCurves.h"
#include "DashboardCurvesKeys.h"
#include "MomentumScale.h"

#include <algorithm>

namespace bnlab {

namespace ms = momentum_scale;
using namespace curve_keys;

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

} // namespace bnlab
