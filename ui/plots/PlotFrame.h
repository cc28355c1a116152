#pragma once
// One dashboard plot and its fixed parts: a title row, the axis rect, an inset legend for what
// is specific to this plot (the momenta's key is shown once for the whole dashboard), and the
// hover cursor, tracer and read-out on their own "hover" layer (figure exports hide that
// layer). Zoom and drag act on the step axis only. A figure export shows the full legend as a
// row under the axes instead, since a figure travels without the dashboard's key.
#include "Theme.h"

#include <QString>
#include <QStringList>
#include <qcustomplot.h>

namespace bnlab {

class PlotFrame {
  public:
    PlotFrame(QWidget* parent, const QString& objectName);
    ~PlotFrame(); // the figure legend's row, while it is out of the plot's layout
    PlotFrame(const PlotFrame&) = delete;
    PlotFrame& operator=(const PlotFrame&) = delete;

    QCustomPlot* plot() const { return plot_; }
    // Titles are written to fit, never cut: the first of `titles` that fits the plot's width
    // is shown (give them longest first).
    void setTitles(const QStringList& titles);
    QString title() const;     // the one shown
    QString fullTitle() const; // the longest
    bool titleFits() const;    // whether the shown title fits the width
    void fitToWidth();         // picks the title for the current width
    // A large note in the middle of the empty axes ("" hides it).
    void setHint(const QString& text);
    QString hint() const;
    // A sentence across the data area explaining what it shows ("" hides it), e.g. why a
    // feature is constant by construction.
    void setNote(const QString& text);
    QString note() const;

    // Colours, fonts and line widths of everything but the data series.
    void applyTheme(const Theme& theme);

    // The inset legend: placed in the corner of the data area where it covers the fewest
    // points of the visible graphs. Hidden when it has no entries.
    void placeLegend();
    // For figure exports: the legend as a row under the axes (true) or inset (false).
    void setLegendBelow(bool below);
    bool legendBelow() const { return legendBelow_; }

    // The hover cursor at `step`, with a read-out; the tracer follows `traced` if given.
    void showHover(double step, const QString& readout, QCPGraph* traced);
    void hideHover();

    // Fits the value axes to the visible data of the visible graphs within the step range.
    void fitValueAxes(bool logarithmic, double margin);
    // Whether the visible graphs of `layer` lie within the value axes' current ranges.
    bool layerFitsAxes(const char* layer) const;

    // Layers, bottom to top: "main" (batch dots, compared momenta), "highlight" (the slider's
    // curves: own buffer, so a slider move redraws only it), "reference" (population and
    // PreciseBN, on top: the target the lesson is about), axes and legend, "hover" (own buffer;
    // hidden in exports).
    static constexpr const char* ReferenceLayer = "reference";
    static constexpr const char* HighlightLayer = "highlight";
    static constexpr const char* HoverLayer = "hover";

  private:
    QCustomPlot* plot_;
    QCPTextElement* title_;
    QStringList titles_;
    QCPLayoutGrid* legendRow_;
    bool legendBelow_ = false;
    QCPItemStraightLine* cursor_;
    QCPItemText* readout_;
    QCPItemTracer* tracer_;
    QCPItemText* hint_;
    QCPItemText* note_;
};

} // namespace bnlab
