#pragma once
// The dashboard's four plots, each a PlotFrame, indexed in PlotId's order. The parts of the
// dashboard (redraws, axes, hover, the record's drawing) all work on this one set.
#include "PlotFrame.h"

#include <array>
#include <memory>

namespace bnlab {

// Plot indices, as PlotId (Dashboard.h) numbers them.
constexpr int MeanPlot = 0;
constexpr int VarPlot = 1;
constexpr int ErrorPlot = 2;
constexpr int AccuracyPlot = 3;
constexpr int PlotCount = 4;
constexpr int AllPlots = -1; // for requests that concern every plot

class PlotSet {
  public:
    // Creates the four plots as children of `parent`, named for tests and lessons.
    void create(QWidget* parent);

    PlotFrame& frame(int i) const { return *frames_[std::size_t(i)]; }
    QCustomPlot* plot(int i) const { return frames_[std::size_t(i)]->plot(); }
    std::array<QCustomPlot*, 4> plots() const {
        return {plot(MeanPlot), plot(VarPlot), plot(ErrorPlot), plot(AccuracyPlot)};
    }
    // The index of `object` if it is one of the plots, else -1.
    int indexOf(const QObject* object) const;

  private:
    std::array<std::unique_ptr<PlotFrame>, 4> frames_;
};

} // namespace bnlab
