#include "DashboardAxes.h"

#include "Dashboard.h"

#include <algorithm>
#include <cmath>

namespace bnlab {

DashboardAxes::DashboardAxes(const PlotSet& plots, DashboardCurves& curves)
    : plots_(plots), curves_(curves) {}

void DashboardAxes::configure() {
    plots_.plot(MeanPlot)->yAxis->setLabel(Dashboard::tr("mean"));
    QCustomPlot* error = plots_.plot(ErrorPlot);
    error->yAxis->setScaleType(QCPAxis::stLogarithmic);
    error->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    error->yAxis->setNumberFormat(QStringLiteral("gb"));
    error->yAxis->setLabel(Dashboard::tr("relative error"));
    error->yAxis->setRange(1e-3, 1);
    QCustomPlot* accuracy = plots_.plot(AccuracyPlot);
    accuracy->yAxis->setLabel(Dashboard::tr("val. accuracy (%)"));
    accuracy->yAxis->setRange(0, 100.5);
    accuracy->yAxis2->setVisible(true);
    accuracy->yAxis2->setLabel(Dashboard::tr("loss"));
}

void DashboardAxes::defaultValueRanges() {
    plots_.plot(MeanPlot)->yAxis->setRange(-1.0, 1.0);
    plots_.plot(VarPlot)->yAxis->setRange(0.0, 2.0);
    plots_.plot(ErrorPlot)->yAxis->setRange(1e-3, 1.0);
    plots_.plot(AccuracyPlot)->yAxis->setRange(0.0, 100.5);
    plots_.plot(AccuracyPlot)->yAxis2->setRange(0.0, 2.5);
}

void DashboardAxes::setStepRange(const QCPRange& range) {
    syncing_ = true;
    for (QCustomPlot* p : plots_.plots())
        p->xAxis->setRange(range);
    syncing_ = false;
}

QCPRange DashboardAxes::stepRange() const {
    return plots_.plot(MeanPlot)->xAxis->range();
}

bool DashboardAxes::leavesLatest(const QCPRange& range, long drawnSteps) const {
    const double last = std::max(10.0, double(drawnSteps));
    return follow_ && range.upper < last - 0.01 * range.size();
}

void DashboardAxes::followLatest(long drawnSteps) {
    if (!follow_)
        return;
    const double last = std::max(10.0, double(drawnSteps));
    const double first = followWindow_ > 0 ? std::max(0.0, last - followWindow_) : 0.0;
    setStepRange(QCPRange(first, last));
}

void DashboardAxes::fitValueAxes() {
    const QCPRange steps = stepRange();
    curves_.adaptToDensity(steps, plots_.plot(MeanPlot)->axisRect()->width());
    plots_.frame(MeanPlot).fitValueAxes(false, 0.08);
    plots_.frame(VarPlot).fitValueAxes(false, 0.08);
    plots_.frame(ErrorPlot).fitValueAxes(true, 0.05);
    plots_.frame(AccuracyPlot).fitValueAxes(false, 0.05);
    // Accuracy in whole 5 % steps, never above 100 %; loss from 0.
    QCPAxis* accuracy = plots_.plot(AccuracyPlot)->yAxis;
    const QCPRange r = accuracy->range();
    accuracy->setRange(std::max(0.0, std::floor(r.lower / 5.0) * 5.0),
                       std::min(100.0, std::ceil(r.upper / 5.0) * 5.0) + 0.5);
    QCPAxis* loss = plots_.plot(AccuracyPlot)->yAxis2;
    loss->setRange(0.0, std::max(loss->range().upper, 1e-3));
    QCPAxis* lr = curves_.learningRate()->valueAxis();
    if (lr->visible())
        lr->setRange(0.0, std::max(lr->range().upper, 1e-6) * 1.05);
}

bool DashboardAxes::highlightFits(int i) const {
    if (i == MeanPlot || i == VarPlot) {
        // Noted by the replay itself: the slider's curves are the highlight layer here
        // (a hidden one needs no room).
        const QCPGraph* slider = curves_.sliderGraph(i);
        const auto range = curves_.sliderValueRange(i);
        if (!range || !slider->visible())
            return !slider->visible() || slider->data()->isEmpty();
        const QCPRange axis = plots_.plot(i)->yAxis->range();
        return range->lower >= axis.lower && range->upper <= axis.upper;
    }
    return plots_.frame(i).layerFitsAxes(PlotFrame::HighlightLayer);
}

} // namespace bnlab
