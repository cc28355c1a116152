#include "PlotHover.h"

#include "Dashboard.h"

#include <algorithm>
#include <cmath>

namespace bnlab {

namespace {
QString tr(const char* text) {
    return Dashboard::tr(text);
}
} // namespace

PlotHover::PlotHover(const PlotSet& plots, const DashboardCurves& curves)
    : plots_(plots), curves_(curves) {}

const QCPGraphData* PlotHover::pointAtOrBefore(const QCPGraph* graph, double step) {
    const auto& data = *graph->data();
    auto it = std::upper_bound(data.constBegin(), data.constEnd(), step,
                               [](double k, const QCPGraphData& d) { return k < d.key; });
    if (it == data.constBegin())
        return nullptr;
    return &*(it - 1);
}

QString PlotHover::formatValue(double value) {
    return QString::number(value, 'g', 4);
}

std::optional<PlotHover::Hovered> PlotHover::hover(int index, const QMouseEvent* event,
                                                   long drawnSteps) {
    QCustomPlot* p = plots_.plot(index);
    if (!p->axisRect()->rect().contains(event->pos())) {
        unhover();
        return std::nullopt;
    }
    const double step = std::round(p->xAxis->pixelToCoord(event->position().x()));
    if (step < 0 || drawnSteps == 0) {
        unhover();
        return std::nullopt;
    }
    const QString text = readout(index, step);
    for (int i = 0; i < PlotCount; ++i) {
        plots_.frame(i).showHover(step, i == index ? text : QString(), curves_.tracedGraph(i));
        plots_.plot(i)->layer(PlotFrame::HoverLayer)->replot();
    }
    QString summary = text;
    summary.replace(QLatin1Char('\n'), QStringLiteral("  ·  "));
    return Hovered{long(step), summary};
}

void PlotHover::unhover() {
    for (int i = 0; i < PlotCount; ++i) {
        plots_.frame(i).hideHover();
        plots_.plot(i)->layer(PlotFrame::HoverLayer)->replot();
    }
}

QString PlotHover::readout(int index, double step) const {
    QStringList lines{tr("step %1").arg(qint64(step))};
    auto add = [&](const QString& name, const QCPGraph* g, const QString& unit = {}) {
        if (!g || !g->visible())
            return;
        if (const QCPGraphData* d = pointAtOrBefore(g, step)) {
            QString line = QStringLiteral("%1: %2%3").arg(name, formatValue(d->value), unit);
            if (d->key != step)
                line += tr(" (step %1)").arg(qint64(d->key));
            lines << line;
        }
    };
    if (index == MeanPlot || index == VarPlot) {
        const int k = index == MeanPlot ? 0 : 1;
        add(tr("batch"), k == 0 ? curves_.batchMean() : curves_.batchVar());
        add(tr("population"), curves_.population(k));
        add(tr("PreciseBN"), curves_.precise(k));
        for (const auto& [name, g] : curves_.emaGraphs(index))
            add(name, g);
    } else if (index == ErrorPlot) {
        for (const auto& [name, g] : curves_.emaGraphs(index))
            add(name, g);
    } else {
        add(tr("batch statistics"), curves_.accuracyBatch(), QStringLiteral(" %"));
        add(tr("EMA (slider)"), curves_.accuracySlider(), QStringLiteral(" %"));
        add(tr("population"), curves_.accuracyPopulation(), QStringLiteral(" %"));
        add(tr("training batches"), curves_.accuracyTrain(), QStringLiteral(" %"));
        add(tr("training loss"), curves_.loss());
        add(tr("learning rate"), curves_.learningRate());
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace bnlab
