// Replay speed: one feature's running mean and variance for 6 momenta over 100 000 and
// 1 000 000 recorded steps, as the slider needs it. Printed as a ratio against the simplest
// possible EMA loop over plain arrays, measured in the same process.
#include "History.h"
#include "Replay.h"
#include "Rng.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace bnlab;
using Clock = std::chrono::steady_clock;

namespace {
History syntheticHistory(long steps, Eigen::Index features) {
    History h({features, features}, 32);
    Rng rng(1);
    StepRecord r;
    r.batch.mean.assign(2, Vector(features));
    r.batch.var.assign(2, Vector(features));
    for (long t = 1; t <= steps; ++t) {
        r.step = t;
        for (auto& v : r.batch.mean)
            for (Eigen::Index f = 0; f < features; ++f)
                v[f] = rng.normal();
        for (auto& v : r.batch.var)
            for (Eigen::Index f = 0; f < features; ++f)
                v[f] = 1.0 + 0.1 * rng.uniform();
        h.append(r);
    }
    return h;
}

template <class F> double medianMs(F&& f, int reps) {
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
        const auto t0 = Clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}
} // namespace

int main(int argc, char** argv) {
    const bool json = argc > 1 && std::strcmp(argv[1], "--json") == 0;
    const std::vector<EstimatorSpec> specs{
        EstimatorSpec::keras(0.5),   EstimatorSpec::keras(0.9),
        EstimatorSpec::keras(0.99),  EstimatorSpec::keras(0.999),
        EstimatorSpec::pytorch(0.1), EstimatorSpec::debiased(0.99, false)};
    if (!json)
        std::printf("%-10s %14s %16s %8s\n", "steps", "replay 6 (ms)", "plain loop (ms)", "ratio");
    for (long steps : {100'000L, 1'000'000L}) {
        const History h = syntheticHistory(steps, 16);
        const BatchStatsView view = h.batchStats();
        const int reps = steps > 200'000 ? 7 : 21;
        volatile double sink = 0;
        std::vector<ReplayCurve> curves; // reused across calls, as the dashboard does
        const double replay = medianMs(
            [&] {
                replayFeatureInto(view, 1, 7, specs, curves);
                sink = sink + curves.back().mean.back();
            },
            reps);
        // Reference: the same arithmetic over contiguous copies, no History, no checks.
        std::vector<double> mean(static_cast<std::size_t>(steps)), var = mean;
        for (long t = 0; t < steps; ++t) {
            mean[std::size_t(t)] = h.batchMean(t + 1, 1, 7);
            var[std::size_t(t)] = h.batchVar(t + 1, 1, 7);
        }
        std::vector<std::vector<double>> outMean(specs.size(), std::vector<double>(mean.size())),
            outVar = outMean;
        const double plain = medianMs(
            [&] {
                for (std::size_t k = 0; k < specs.size(); ++k) {
                    const double keep = specs[k].decay, take = 1.0 - keep;
                    double m = 0, v = 1;
                    for (std::size_t t = 0; t < mean.size(); ++t) {
                        m = keep * m + take * mean[t];
                        v = keep * v + take * var[t];
                        outMean[k][t] = m;
                        outVar[k][t] = v;
                    }
                }
                sink = sink + outMean.back().back();
            },
            reps);
        if (json)
            std::printf(
                "{\"steps\": %ld, \"replay_ms\": %.3f, \"plain_ms\": %.3f, \"ratio\": %.2f}\n",
                steps, replay, plain, replay / plain);
        else
            std::printf("%-10ld %14.2f %16.2f %8.2f\n", steps, replay, plain, replay / plain);
    }
    return 0;
}
