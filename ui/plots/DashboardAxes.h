#pragma once
// The dashboard's axes: one step axis shared by the four plots (following the latest steps
// unless the teacher looks into the past), and value axes fitted to what is visible.
#include "DashboardCurves.h"
#include "PlotSet.h"

namespace bnlab {

class DashboardAxes {
  public:
    DashboardAxes(const PlotSet& plots, DashboardCurves& curves);

    // Scales and labels that never change (the error plot is logarithmic, the accuracy plot
    // has the loss on its right axis).
    void configure();
    // Value ranges before any data (and after a reset): around BN's starting values 0 and 1.
    void defaultValueRanges();

    // Sets the step axis of every plot. Its rangeChanged signals are ours, not the teacher's,
    // while syncing() is true.
    void setStepRange(const QCPRange& range);
    bool syncing() const { return syncing_; }
    QCPRange stepRange() const;

    bool following() const { return follow_; }
    void setFollowing(bool follow) { follow_ = follow; }
    // The width of the followed window (0: the whole run).
    void setFollowWindow(double steps) { followWindow_ = steps; }
    // Whether the teacher's new step range looks into the past, away from the latest steps.
    bool leavesLatest(const QCPRange& range, long drawnSteps) const;
    // Shows the latest steps if following them.
    void followLatest(long drawnSteps);

    // Fits the value axes to the visible data.
    void fitValueAxes();
    // Whether the value axes of plot `i` still hold the slider's curves (its highlight layer).
    bool highlightFits(int i) const;

  private:
    const PlotSet& plots_;
    DashboardCurves& curves_;
    bool follow_ = true;
    double followWindow_ = 0; // 0: the whole run
    bool syncing_ = false;
};

} // namespace bnlab
