#pragma once
// Hover: a cursor on every plot at the hovered step, a read-out of the curves' values there in
// the hovered one. Values are those of the last point at or before the step.
#include "DashboardCurves.h"
#include "PlotSet.h"

#include <optional>

class QMouseEvent;

namespace bnlab {

class PlotHover {
  public:
    PlotHover(const PlotSet& plots, const DashboardCurves& curves);

    struct Hovered {
        long step = 0;
        QString summary; // the read-out on one line
    };
    // The mouse moved over plot `index`; `drawnSteps` is how far the record is drawn. Returns
    // the hovered step, or nullopt if the mouse is off the data (the cursor is hidden then).
    std::optional<Hovered> hover(int index, const QMouseEvent* event, long drawnSteps);
    void unhover();

    // The last point of `graph` at or before `step`, if any.
    static const QCPGraphData* pointAtOrBefore(const QCPGraph* graph, double step);
    static QString formatValue(double value);

  private:
    QString readout(int index, double step) const;

    const PlotSet& plots_;
    const DashboardCurves& curves_;
};

} // namespace bnlab
