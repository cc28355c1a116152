#include "MemoryBudget.h"

#include "Errors.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace bnlab {

namespace {

constexpr double Double = 8.0;
constexpr double VectorOverhead = 48.0; // an Eigen vector's header and heap bookkeeping

std::atomic<std::uint64_t> budgetOverride{0};

struct ModelShape {
    double parameters = 0; // weights, biases, γ and β
    double widthSum = 0;   // units over all layers (inputs and logits included)
    double bnFeatures = 0; // features over all BN layers
    double bnLayers = 0;
};

ModelShape modelShape(const ModelConfig& m, const DataShape& d) {
    ModelShape s;
    double in = double(d.features);
    s.widthSum = in;
    if (m.inputBn) {
        s.parameters += 2 * in;
        s.bnFeatures += in;
        s.bnLayers += 1;
    }
    for (int w : m.hidden) {
        s.parameters += in * w + w;
        if (m.hiddenBn) {
            s.parameters += 2.0 * w;
            s.bnFeatures += w;
            s.bnLayers += 1;
        }
        s.widthSum += w;
        in = w;
    }
    s.parameters += in * double(d.classes) + double(d.classes);
    s.widthSum += double(d.classes);
    return s;
}

// A forward and backward pass over `rows` samples keeps about three matrices per layer
// (pre-activation, normalized, activation) plus the BN caches.
double passBytes(double rows, const ModelShape& s) {
    return rows * s.widthSum * 4.0 * Double;
}

} // namespace

double MemoryEstimate::fixedBytes() const {
    double total = programBytes;
    for (const MemoryPart& p : fixed)
        total += p.bytes;
    return total;
}

const MemoryPart& MemoryEstimate::largestFixed() const {
    return *std::max_element(fixed.begin(), fixed.end(),
                             [](const auto& a, const auto& b) { return a.bytes < b.bytes; });
}

double preciseBnBytes(const TrainingConfig& c, const DataShape& d) {
    if (c.preciseBnBatches <= 0 || c.populationEvery <= 0)
        return 0;
    const ModelShape s = modelShape(c.model, d);
    const double held = double(std::min<long>(c.preciseBnBatches, PreciseBnChunkBatches));
    const double inputs = held * c.batchSize * double(d.features) * Double;
    return inputs + passBytes(double(c.batchSize), s) + 3 * s.bnFeatures * Double;
}

MemoryEstimate estimateRunMemory(const TrainingConfig& c, const DataShape& d) {
    const ModelShape s = modelShape(c.model, d);
    const double rows = double(d.trainingRows + d.validationRows);
    MemoryEstimate e;
    // The data, its shifted copy, and the row permutations of the batcher.
    const double copies = c.shift.enabled ? 2.0 : 1.0;
    e.fixed.push_back({"data", "--samples / dataset.samples (or a smaller file)",
                       rows * (double(d.features) * Double * copies + 4.0) +
                           double(d.trainingRows) * 2 * Double});
    // Parameters, gradient, SGD velocity and decay mask, plus the evaluator's copy.
    e.fixed.push_back({"parameters", "--hidden / model.hidden", s.parameters * 5 * Double});
    // The largest pass: population statistics over the training set, evaluation over the
    // validation set, or a training batch.
    double largestRows = double(c.batchSize);
    if (c.populationEvery > 0 || c.evaluateEvery > 0)
        largestRows =
            std::max<double>({largestRows, double(d.trainingRows), double(d.validationRows)});
    // Observation runs beside training, and training helps with it when it falls behind
    // (ObservationThread): both threads may hold the buffers of a whole pass at once.
    const double passes = c.populationEvery > 0 || c.evaluateEvery > 0 ? 2.0 : 1.0;
    e.fixed.push_back({"activations of the largest pass",
                       "--samples / dataset.samples, or --hidden / model.hidden",
                       passes * passBytes(largestRows, s)});
    e.fixed.push_back({"PreciseBN", "--precise-bn / preciseBnBatches, or --batch-size",
                       passes * preciseBnBytes(c, d)});

    // Per step: the batch statistics (two doubles per BN feature) and the step's own record;
    // every P steps a population record (with PreciseBN's two estimates); every V steps an
    // evaluation with a weight snapshot.
    double perStep = s.bnFeatures * 2 * Double + 4 * Double;
    if (c.populationEvery > 0) {
        const double stats = 2 * (s.bnFeatures * Double + s.bnLayers * VectorOverhead);
        const double record = stats * (c.preciseBnBatches > 0 ? 3.0 : 1.0) + 64;
        perStep += record / double(c.populationEvery);
    }
    if (c.evaluateEvery > 0) {
        double record = double(c.estimators.size() + 2) * 2 * Double + 96;
        if (c.keepWeightSnapshots)
            record += s.parameters * Double + VectorOverhead;
        perStep += record / double(c.evaluateEvery);
    }
    // Measured resident sizes ran about 10% above the sum of the records (allocator overhead,
    // vectors growing by doubling): counted in.
    e.perStep = perStep * 1.15;
    return e;
}

std::uint64_t defaultMemoryBudget() {
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    std::uint64_t physical = pages > 0 && pageSize > 0
                                 ? std::uint64_t(pages) * std::uint64_t(pageSize)
                                 : (std::uint64_t(4) << 30);
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        physical = std::min<std::uint64_t>(physical, limit.rlim_cur);
    return physical / 2;
}

std::uint64_t memoryBudget() {
    const std::uint64_t set = budgetOverride.load();
    return set != 0 ? set : defaultMemoryBudget();
}

void setMemoryBudget(std::uint64_t bytes) {
    budgetOverride.store(bytes);
}

std::string formatBytes(double bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 5) {
        bytes /= 1024.0;
        ++u;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return buf;
}

void requireWithinBudget(const MemoryEstimate& e, long steps, std::uint64_t budget) {
    const double b = double(budget);
    const std::string budgetText = formatBytes(b) + " (set it with --memory-budget MiB)";
    if (e.fixedBytes() > b) {
        const MemoryPart& largest = e.largestFixed();
        throw ConfigError("this run would need about " + formatBytes(e.fixedBytes()) +
                          " before its first step, more than the memory budget of " + budgetText +
                          "; the largest part is the " + largest.what + " (" +
                          formatBytes(largest.bytes) + "): lower " + largest.setting);
    }
    if (e.bytesFor(steps) > b)
        throw ConfigError("this run would need about " + formatBytes(e.bytesFor(steps)) + " for " +
                          std::to_string(steps) + " steps (its history grows by " +
                          formatBytes(e.perStep) + " per step), more than the memory budget of " +
                          budgetText + "; lower " + e.perStepSetting + " to at most " +
                          std::to_string(stepsWithinBudget(e, steps, budget)) +
                          ", or make the network narrower");
}

long stepsWithinBudget(const MemoryEstimate& e, long cap, std::uint64_t budget) {
    const double room = double(budget) - e.fixedBytes();
    if (room <= 0)
        return 0;
    if (e.perStep <= 0)
        return cap;
    return long(std::min<double>(double(cap), std::floor(room / e.perStep)));
}

} // namespace bnlab
