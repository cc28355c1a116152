#pragma once
// When the dashboard's plots are redrawn. A slider move redraws only the plots' "highlight"
// layers, at once; everything else redraws whole plots, spaced out while training plays so the
// window stays responsive. After the slider rests, a full redraw updates legends and axes.
// Also keeps the account of what a redraw cost (Dashboard::lastReplotMs).
#include "PlotSet.h"

#include <QElapsedTimer>
#include <QTimer>
#include <array>
#include <functional>

namespace bnlab {

class RedrawScheduler {
  public:
    struct Hooks {
        // Before a full redraw draws its first plot: steps to follow, axes to fit.
        std::function<void()> prepareFullRedraw;
        // Whether the value axes of plot `i` still hold its highlight layer's curves.
        std::function<bool(int)> highlightFits;
    };
    RedrawScheduler(const PlotSet& plots, Hooks hooks);
    RedrawScheduler(const RedrawScheduler&) = delete;
    RedrawScheduler& operator=(const RedrawScheduler&) = delete;

    // Plot `which` (or AllPlots) needs a full redraw: soon, or at once if `immediate`.
    void requestFull(int which = AllPlots, bool immediate = false);
    // The slider's curves changed on plot `i`: redraw its highlight layer if the value axes
    // still hold them, else the whole plot.
    void requestHighlight(int i);
    // The slider moved: legends and axes catch up once it rests.
    void settleWhenSliderRests();
    // Legends and axes up to date now (exports), without waiting for the slider to rest.
    void settleNow();

    // Milliseconds of the last redraw, with the data work since the one before.
    double lastReplotMs() const { return lastReplotMs_; }

    // Adds the time of one piece of data work to the next redraw's account.
    class Work {
      public:
        explicit Work(RedrawScheduler& scheduler) : scheduler_(scheduler) { clock_.start(); }
        ~Work() { scheduler_.workMs_ += double(clock_.nsecsElapsed()) * 1e-6; }
        Work(const Work&) = delete;
        Work& operator=(const Work&) = delete;

      private:
        RedrawScheduler& scheduler_;
        QElapsedTimer clock_;
    };

  private:
    void scheduleFull(bool immediate);
    void redrawHighlights();
    void redrawFull(bool spread = false);
    void finishRedraw(const QElapsedTimer& clock);
    void settle();

    const PlotSet& plots_;
    Hooks hooks_;
    std::array<bool, 4> fullDirty_{}, highlightDirty_{};
    QTimer highlightTimer_, fullTimer_, settleTimer_;
    QElapsedTimer sinceFull_;
    bool fullCycle_ = false;           // a spread-out full redraw is under way
    std::array<bool, 4> cycleDirty_{}; // the plots it still has to draw
    bool urgentAfterCycle_ = false;    // an immediate redraw was asked for during the cycle
    double cycleMs_ = 0.0;             // its drawing time so far
    double lastFullMs_ = 0.0;
    double workMs_ = 0.0; // data work since the last redraw
    double lastReplotMs_ = 0.0;
    bool settling_ = false;
};

} // namespace bnlab
