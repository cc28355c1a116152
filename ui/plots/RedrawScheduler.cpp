#include "RedrawScheduler.h"

#include <algorithm>

namespace bnlab {

namespace {
// After the slider stops this long, the legends and axes catch up with it.
constexpr int SettleMs = 200;
// Full redraws while training plays take at most this share of the GUI thread.
constexpr double FullRedrawGapFactor = 1.5;
constexpr double MaxFullRedrawGapMs = 500.0;

bool anyOf(const std::array<bool, 4>& flags) {
    return std::any_of(flags.begin(), flags.end(), [](bool d) { return d; });
}
} // namespace

RedrawScheduler::RedrawScheduler(const PlotSet& plots, Hooks hooks)
    : plots_(plots), hooks_(std::move(hooks)) {
    highlightTimer_.setSingleShot(true);
    fullTimer_.setSingleShot(true);
    settleTimer_.setSingleShot(true);
    QObject::connect(&highlightTimer_, &QTimer::timeout, &highlightTimer_,
                     [this] { redrawHighlights(); });
    QObject::connect(&fullTimer_, &QTimer::timeout, &fullTimer_, [this] { redrawFull(true); });
    QObject::connect(&settleTimer_, &QTimer::timeout, &settleTimer_, [this] { settle(); });
}

void RedrawScheduler::requestFull(int which, bool immediate) {
    for (int i = 0; i < PlotCount; ++i)
        if (which == AllPlots || which == i)
            fullDirty_[std::size_t(i)] = true;
    if (fullCycle_) { // the cycle under way schedules the next one when it ends
        urgentAfterCycle_ = urgentAfterCycle_ || immediate;
        return;
    }
    scheduleFull(immediate);
}

// Full redraws keep a gap proportional to their cost, so they take a bounded share of the
// GUI thread however large the record grows.
void RedrawScheduler::scheduleFull(bool immediate) {
    double delay = 0.0;
    if (!immediate && sinceFull_.isValid())
        delay = std::min(MaxFullRedrawGapMs, FullRedrawGapFactor * lastFullMs_) -
                double(sinceFull_.elapsed());
    if (immediate || !fullTimer_.isActive() || fullTimer_.remainingTime() > delay)
        fullTimer_.start(int(std::max(0.0, delay)));
}

void RedrawScheduler::requestHighlight(int i) {
    if (!hooks_.highlightFits(i)) {
        requestFull(i, true);
        return;
    }
    highlightDirty_[std::size_t(i)] = true;
    if (!highlightTimer_.isActive())
        highlightTimer_.start(0);
}

void RedrawScheduler::settleWhenSliderRests() {
    settleTimer_.start(SettleMs);
}

void RedrawScheduler::settleNow() {
    settleTimer_.stop();
    settle();
}

void RedrawScheduler::redrawHighlights() {
    QElapsedTimer clock;
    clock.start();
    bool any = false;
    for (int i = 0; i < PlotCount; ++i) {
        if (!highlightDirty_[std::size_t(i)])
            continue;
        highlightDirty_[std::size_t(i)] = false;
        plots_.plot(i)->layer(PlotFrame::HighlightLayer)->replot();
        any = true;
    }
    if (any)
        finishRedraw(clock);
}

// Redraws the plots marked dirty. From the frame timer (`spread`), one plot per turn of the
// event loop: four plots of 100 000 points at once would hold the GUI thread for one long
// frame; one at a time, input and repaints get through in between. A cycle draws the plots
// that were dirty when it began; requests made meanwhile wait for the next cycle.
void RedrawScheduler::redrawFull(bool spread) {
    QElapsedTimer clock;
    clock.start();
    fullTimer_.stop();
    if (!fullCycle_ || !spread) { // a synchronous redraw always starts from fresh axes
        hooks_.prepareFullRedraw();
        fullCycle_ = true;
        cycleMs_ = 0.0;
        for (std::size_t i = 0; i < 4; ++i) {
            cycleDirty_[i] = cycleDirty_[i] || fullDirty_[i];
            fullDirty_[i] = false;
        }
    }
    for (int i = 0; i < PlotCount; ++i) {
        if (!cycleDirty_[std::size_t(i)])
            continue;
        cycleDirty_[std::size_t(i)] = highlightDirty_[std::size_t(i)] = false;
        plots_.frame(i).fitToWidth(); // names may have changed
        plots_.frame(i).placeLegend();
        plots_.plot(i)->replot(QCustomPlot::rpQueuedRefresh); // drawn now, shown at the next paint
        if (spread)
            break;
    }
    cycleMs_ += double(clock.nsecsElapsed()) * 1e-6;
    if (anyOf(cycleDirty_)) {
        fullTimer_.start(0); // the next plot at the next turn
        return;
    }
    fullCycle_ = false;
    lastFullMs_ = cycleMs_;
    sinceFull_.start();
    finishRedraw(clock);
    if (anyOf(fullDirty_))
        scheduleFull(urgentAfterCycle_); // asked for while this cycle ran
    urgentAfterCycle_ = false;
}

void RedrawScheduler::finishRedraw(const QElapsedTimer& clock) {
    const double ms = workMs_ + double(clock.nsecsElapsed()) * 1e-6;
    workMs_ = 0.0;
    if (!settling_) // the settle pass after a slider move is not a change of its own
        lastReplotMs_ = ms;
}

void RedrawScheduler::settle() {
    settling_ = true;
    requestFull();
    redrawFull();
    settling_ = false;
}

} // namespace bnlab
