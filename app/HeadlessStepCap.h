#pragma once
// How many steps a headless run makes: those asked for, or fewer at the step cap — the
// window's (limits::Steps) or the steps whose history fits in the memory budget, whichever is
// smaller. A run that stops early says where, why, and what to change.
#include "MemoryBudget.h"

#include <QString>
#include <cstdint>

namespace bnlab {

struct StepCap {
    long steps = 0; // the steps to run
    QString note;   // empty if they are all the steps asked for; else why the run stops there
                    // and what to change
};

// Throws ConfigError if not even one step fits in the budget (the message of
// requireWithinBudget: the estimate, the budget and the setting to lower).
StepCap headlessStepCap(long asked, const MemoryEstimate& estimate, std::uint64_t budget);

} // namespace bnlab
