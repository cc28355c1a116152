#include "PlotFrame.h"

#include <cmath>
#include <limits>

namespace bnlab {

PlotFrame::PlotFrame(QWidget* parent, const QString& objectName) : plot_(new QCustomPlot(parent)) {
    plot_->setObjectName(objectName);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
    plot_->axisRect()->setRangeDrag(Qt::Horizontal);
    plot_->axisRect()->setRangeZoom(Qt::Horizontal);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->setPlottingHint(QCP::phFastPolylines, true);
    plot_->setPlottingHint(QCP::phCacheLabels, true);
    plot_->setMinimumSize(320, 220);

    // Layers: the slider's curves above all others, the hover cursor above everything; both
    // in their own buffers so they can be redrawn alone.
    plot_->addLayer(ReferenceLayer, plot_->layer("main"), QCustomPlot::limAbove);
    plot_->addLayer(HighlightLayer, plot_->layer(ReferenceLayer), QCustomPlot::limAbove);
    plot_->addLayer(HoverLayer, plot_->layer("legend"), QCustomPlot::limAbove);
    plot_->layer(HighlightLayer)->setMode(QCPLayer::lmBuffered);
    plot_->layer(HoverLayer)->setMode(QCPLayer::lmBuffered);

    plot_->plotLayout()->insertRow(0);
    title_ = new QCPTextElement(plot_, QString());
    plot_->plotLayout()->addElement(0, 0, title_);

    // The legend as a row under the axes, filled left to right.
    auto* legendRow = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(2, 0, legendRow);
    legendRow->setMargins(QMargins(6, 0, 6, 4));
    legendRow->addElement(0, 0, plot_->legend);
    plot_->legend->setVisible(true);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setWrap(3);
    plot_->legend->setSelectableParts(QCPLegend::spItems);
    plot_->plotLayout()->setRowStretchFactor(0, 0.001);
    plot_->plotLayout()->setRowStretchFactor(2, 0.001);

    plot_->xAxis->setLabel(QObject::tr("training step"));
    plot_->xAxis->setRange(0, 10);

    plot_->setCurrentLayer(HoverLayer);
    cursor_ = new QCPItemStraightLine(plot_);
    cursor_->point1->setCoords(0, 0);
    cursor_->point2->setCoords(0, 1);
    tracer_ = new QCPItemTracer(plot_);
    tracer_->setStyle(QCPItemTracer::tsCircle);
    tracer_->setInterpolating(false);
    readout_ = new QCPItemText(plot_);
    readout_->position->setType(QCPItemPosition::ptAxisRectRatio);
    readout_->position->setCoords(0.01, 0.02);
    readout_->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    readout_->setTextAlignment(Qt::AlignLeft);
    readout_->setPadding(QMargins(6, 4, 6, 4));
    plot_->setCurrentLayer("main");
    hint_ = new QCPItemText(plot_);
    hint_->position->setType(QCPItemPosition::ptAxisRectRatio);
    hint_->position->setCoords(0.5, 0.45);
    hint_->setPositionAlignment(Qt::AlignCenter);
    hint_->setSelectable(false);
    hint_->setVisible(false);
    for (QCPAbstractItem* item :
         {static_cast<QCPAbstractItem*>(cursor_), static_cast<QCPAbstractItem*>(tracer_),
          static_cast<QCPAbstractItem*>(readout_)}) {
        item->setSelectable(false);
        item->setVisible(false);
    }
}

void PlotFrame::setTitle(const QString& title) {
    fullTitle_ = title;
    fitToWidth();
}

void PlotFrame::setHint(const QString& text) {
    hint_->setText(text);
    hint_->setVisible(!text.isEmpty());
}

void PlotFrame::fitToWidth() {
    const int available = std::max(100, plot_->width() - 16);
    title_->setText(QFontMetrics(title_->font()).elidedText(fullTitle_, Qt::ElideRight, available));
    title_->setProperty("fullTitle", fullTitle_); // an export at another width elides anew

    // The most legend columns whose widest entries fit side by side.
    QCPLegend* legend = plot_->legend;
    QList<int> widths;
    for (int i = 0; i < legend->elementCount(); ++i)
        if (QCPLayoutElement* item = legend->elementAt(i))
            widths << item->minimumOuterSizeHint().width();
    int columns = 1;
    for (int c = std::min<int>(5, int(widths.size())); c > 1; --c) {
        int total = (c - 1) * legend->columnSpacing();
        for (int col = 0; col < c; ++col) {
            int widest = 0;
            for (int i = col; i < widths.size(); i += c)
                widest = std::max(widest, widths[i]);
            total += widest;
        }
        if (total <= available - 12) {
            columns = c;
            break;
        }
    }
    if (legend->wrap() != columns)
        legend->setWrap(columns);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // re-flows the entries
}

void PlotFrame::applyTheme(const Theme& theme) {
    const QColor fg = theme.foreground();
    const QFont font = theme.plotFont();
    QFont tickFont = font;
    tickFont.setPointSize(std::max(9, font.pointSize() - 1));

    plot_->setBackground(theme.background());
    // QCustomPlot has no getter for its background brush; figure export restores from this.
    plot_->setProperty("backgroundColor", theme.background());
    title_->setFont(theme.titleFont());
    title_->setTextColor(fg);
    title_->setSelectedFont(theme.titleFont());
    const QPen axisPen(fg, theme.lineWidth(1.2));
    for (QCPAxis* axis : plot_->axisRect()->axes()) {
        axis->setBasePen(axisPen);
        axis->setTickPen(axisPen);
        axis->setSubTickPen(QPen(fg, theme.lineWidth(1.0)));
        axis->setTickLabelColor(fg);
        axis->setLabelColor(fg);
        axis->setLabelFont(font);
        axis->setSelectedLabelFont(font);
        axis->setTickLabelFont(tickFont);
        axis->setSelectedTickLabelFont(tickFont);
        axis->setTickLengthOut(int(4 * theme.scale));
        axis->setSubTickLengthOut(int(2 * theme.scale));
        axis->setLabelPadding(int(6 * theme.scale));
        axis->grid()->setPen(QPen(theme.grid(), theme.lineWidth(1.0), Qt::SolidLine));
        axis->grid()->setSubGridPen(QPen(theme.subGrid(), 1.0, Qt::DotLine));
        axis->grid()->setZeroLinePen(QPen(theme.grid(), theme.lineWidth(1.0)));
    }
    QCPLegend* legend = plot_->legend;
    legend->setFont(font);
    legend->setSelectedFont(font); // a clicked legend entry never looks "selected"
    legend->setTextColor(fg);
    legend->setSelectedTextColor(fg);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
    legend->setSelectedBorderPen(Qt::NoPen);
    legend->setIconSize(int(24 * theme.scale), int(12 * theme.scale));
    legend->setIconTextPadding(int(5 * theme.scale));
    legend->setColumnSpacing(int(12 * theme.scale));
    legend->setRowSpacing(0);
    for (int i = 0; i < legend->itemCount(); ++i) {
        QCPAbstractLegendItem* item = legend->item(i);
        if (!item)
            continue; // an empty cell of the legend's grid
        item->setFont(font);
        item->setSelectedFont(font);
        item->setSelectedTextColor(item->textColor());
    }

    cursor_->setPen(QPen(fg, theme.lineWidth(1.0), Qt::DashLine));
    tracer_->setPen(QPen(fg, theme.lineWidth(2.0)));
    tracer_->setBrush(theme.background());
    tracer_->setSize(10 * theme.scale);
    readout_->setFont(font);
    readout_->setColor(fg);
    readout_->setBrush(theme.legendBackground());
    readout_->setPen(QPen(theme.grid()));
    hint_->setFont(theme.titleFont());
    hint_->setColor(theme.lossLine());
    fitToWidth();
}

void PlotFrame::showHover(double step, const QString& readout, QCPGraph* traced) {
    cursor_->point1->setCoords(step, 0);
    cursor_->point2->setCoords(step, 1);
    cursor_->setVisible(true);
    readout_->setText(readout);
    readout_->setVisible(!readout.isEmpty());
    const bool trace = traced && traced->visible() && !traced->data()->isEmpty();
    if (trace) {
        tracer_->setGraph(traced);
        tracer_->setGraphKey(step);
        // The tracer sits on the graph's own value axis (the accuracy plot has two).
        tracer_->position->setAxes(traced->keyAxis(), traced->valueAxis());
    } else {
        tracer_->setGraph(nullptr);
    }
    tracer_->setVisible(trace);
}

void PlotFrame::hideHover() {
    cursor_->setVisible(false);
    readout_->setVisible(false);
    tracer_->setVisible(false);
}

bool PlotFrame::layerFitsAxes(const char* layer) const {
    const QCPRange keys = plot_->xAxis->range();
    for (QCPLayerable* child : plot_->layer(QLatin1String(layer))->children()) {
        auto* g = qobject_cast<QCPGraph*>(child);
        if (!g || !g->visible() || !g->property("fitsAxis").toBool())
            continue;
        QCPAxis* axis = g->valueAxis();
        bool found = false;
        const bool log = axis->scaleType() == QCPAxis::stLogarithmic;
        const QCPRange r = g->getValueRange(found, log ? QCP::sdPositive : QCP::sdBoth, keys);
        if (found && (r.lower < axis->range().lower || r.upper > axis->range().upper))
            return false;
    }
    return true;
}

void PlotFrame::fitValueAxes(bool logarithmic, double margin) {
    const QCPRange keys = plot_->xAxis->range();
    for (QCPAxis* axis : {plot_->yAxis, plot_->yAxis2}) {
        if (!axis->visible())
            continue;
        bool any = false;
        QCPRange total;
        for (QCPGraph* g : axis->graphs()) {
            if (!g->visible() || !g->property("fitsAxis").toBool())
                continue;
            bool found = false;
            const QCPRange r =
                g->getValueRange(found, logarithmic ? QCP::sdPositive : QCP::sdBoth, keys);
            if (!found)
                continue;
            total =
                any ? QCPRange(std::min(total.lower, r.lower), std::max(total.upper, r.upper)) : r;
            any = true;
        }
        if (!any)
            continue;
        if (logarithmic) {
            const double lo = std::max(total.lower, 1e-6);
            const double hi = std::max(total.upper, lo * 10);
            axis->setRange(lo / std::pow(hi / lo, margin), hi * std::pow(hi / lo, margin));
        } else {
            double span = total.size();
            if (span < 1e-9)
                span = std::max(std::abs(total.center()) * 0.1, 1e-3);
            axis->setRange(total.lower - margin * span, total.upper + margin * span);
        }
    }
}

} // namespace bnlab
