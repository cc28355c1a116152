#pragma once
// One dashboard plot and its fixed parts: a title row, the axis rect, a legend row below the
// axes (so it never covers data), and the hover cursor, tracer and read-out on their own
// "hover" layer (figure exports hide that layer). Zoom and drag act on the step axis only.
#include "Theme.h"

#include <QString>
#include <qcustomplot.h>

namespace bnlab {

class PlotFrame {
  public:
    PlotFrame(QWidget* parent, const QString& objectName);

    QCustomPlot* plot() const { return plot_; }
    void setTitle(const QString& title);
    QString title() const { return fullTitle_; }
    // Fits the title (elided) and the legend (as many columns as fit) to the plot's width.
    void fitToWidth();
    // A large note in the middle of the empty axes ("" hides it).
    void setHint(const QString& text);

    // Colours, fonts and line widths of everything but the data series.
    void applyTheme(const Theme& theme);

    // The hover cursor at `step`, with a read-out; the tracer follows `traced` if given.
    void showHover(double step, const QString& readout, QCPGraph* traced);
    void hideHover();

    // Fits the value axes to the visible data of the visible graphs within the step range.
    void fitValueAxes(bool logarithmic, double margin);
    // Whether the visible graphs of `layer` lie within the value axes' current ranges.
    bool layerFitsAxes(const char* layer) const;

    // Layers, bottom to top: "main" (batch dots, compared momenta), "reference" (population,
    // PreciseBN), "highlight" (the slider's curves: own buffer, so a slider move redraws only
    // it), axes and legend, "hover" (own buffer; hidden in exports).
    static constexpr const char* ReferenceLayer = "reference";
    static constexpr const char* HighlightLayer = "highlight";
    static constexpr const char* HoverLayer = "hover";

  private:
    QCustomPlot* plot_;
    QCPTextElement* title_;
    QString fullTitle_;
    QCPItemStraightLine* cursor_;
    QCPItemText* readout_;
    QCPItemTracer* tracer_;
    QCPItemText* hint_;
};

} // namespace bnlab
