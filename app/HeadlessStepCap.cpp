#include "HeadlessStepCap.h"

#include "Limits.h"

#include <algorithm>

namespace bnlab {

StepCap headlessStepCap(long asked, const MemoryEstimate& estimate, std::uint64_t budget) {
    requireWithinBudget(estimate, 0, budget); // the part held before the first step
    const long windowCap = long(limits::Steps.max);
    const long budgetCap = stepsWithinBudget(estimate, windowCap, budget);
    if (budgetCap < 1)
        requireWithinBudget(estimate, 1, budget); // throws: not even one step fits
    StepCap cap;
    cap.steps = std::min({asked, windowCap, budgetCap});
    if (cap.steps == asked)
        return cap;
    if (budgetCap < windowCap)
        cap.note = QStringLiteral("the history of more steps would not fit in the memory "
                                  "budget of %1 (about %2 before the first step, then %3 "
                                  "per step). Raise the budget with --memory-budget MiB, "
                                  "or record less per step (a narrower network, a larger "
                                  "--pop-every or --eval-every); --steps %4 or fewer runs "
                                  "without this note.")
                       .arg(QString::fromStdString(formatBytes(double(budget))),
                            QString::fromStdString(formatBytes(estimate.fixedBytes())),
                            QString::fromStdString(formatBytes(estimate.perStep)))
                       .arg(cap.steps);
    else
        cap.note = QStringLiteral("%1 steps is the step cap, the window's too (it bounds "
                                  "the history a run records, and cannot be raised); "
                                  "--steps %1 or fewer runs without this note.")
                       .arg(windowCap);
    return cap;
}

} // namespace bnlab
