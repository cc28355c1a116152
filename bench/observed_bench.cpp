// bnlab_bench_observed: training with BN Lab's observation (population statistics, PreciseBN,
// evaluations), serial and beside training, against training alone, on this machine.
//
//   default  the default setup (moons 1000, 2-16-16-2, batch 32, P = 10, PreciseBN 20, V = 50,
//            the four default running averages)
//   digits   the bundled digits, 64-32-32-10, the same observation
//   small    moons 2000, 2-64-64-2, batch 32, training alone
//   large    a CSV file (--large PATH, e.g. from bench/make_large_csv.py), the default network
//            and observation, beside training with a live session's automatic spacing
// Each observed workload is timed three ways: training alone (observation off), observation on
// the training thread (ObservationMode::Serial) and beside it (Parallel). Every timing covers
// whole observation periods and, in Parallel mode, waits for the last observation to finish.
//
// Usage: bnlab_bench_observed [--workload default,digits,small,large] [--seconds S]
//                             [--large PATH] [--json]
#include "Kernels.h"
#include "ObservationSpacing.h"
#include "Trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#ifndef BNLAB_RESOURCES_DIR
#define BNLAB_RESOURCES_DIR "resources"
#endif

using namespace bnlab;

namespace {
using Clock = std::chrono::steady_clock;

// Steps/s over at least `seconds`, in whole periods of `period` steps, after a warm-up.
double stepsPerSecond(const TrainingConfig& c, const Split& data, ObservationMode mode,
                      double seconds, long period) {
    Trainer trainer(c, data, mode);
    for (long i = 0; i < std::min(2 * period, 5000L); ++i) // warm-up
        trainer.step();
    trainer.finishObservations();
    long steps = 0;
    const auto t0 = Clock::now();
    double elapsed = 0.0;
    do {
        for (long i = 0; i < period; ++i)
            trainer.step();
        steps += period;
        elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (elapsed < seconds);
    trainer.finishObservations();
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    if (trainer.diverged())
        std::fprintf(stderr, "warning: the run diverged; the figure is meaningless\n");
    return double(steps) / elapsed;
}

TrainingConfig unobserved(TrainingConfig c) {
    c.populationEvery = 0;
    c.preciseBnBatches = 0;
    c.evaluateEvery = 0;
    return c;
}

struct Result {
    std::string name;
    double alone = 0, serial = 0, parallel = 0;
    int spacing = 1;
    long populationEvery = 0, evaluateEvery = 0, rows = 0;
};
} // namespace

int main(int argc, char** argv) {
    std::string workloads = "default,digits,small";
    std::string largePath;
    double seconds = 3.0;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--workload")
            workloads = value();
        else if (arg == "--seconds")
            seconds = std::atof(value().c_str());
        else if (arg == "--large")
            largePath = value();
        else if (arg == "--json")
            json = true;
        else {
            std::fprintf(stderr,
                         "usage: bnlab_bench_observed [--workload default,digits,small,large] "
                         "[--seconds S] [--large PATH] [--json]\n");
            return arg == "--help" ? 0 : 2;
        }
    }
    std::vector<Result> results;
    if (!json)
        std::printf("kernels: %s (BNLAB_KERNELS)\n",
                    kernelPathDescription(defaultKernelPath()).c_str());
    try {
        std::stringstream list(workloads);
        std::string name;
        while (std::getline(list, name, ',')) {
            TrainingConfig c; // the default setup: moons 1000, 16-16, batch 32, P 10, B 20, V 50
            Result r;
            r.name = name;
            if (name == "digits") {
                c.data.kind = DatasetKind::Digits;
                c.data.path = std::string(BNLAB_RESOURCES_DIR) + "/data/digits.csv";
                c.model.hidden = {32, 32};
            } else if (name == "small") {
                c.data.samples = 2000;
                c.model.hidden = {64, 64};
                c = unobserved(c);
            } else if (name == "large") {
                if (largePath.empty())
                    throw std::runtime_error("the large workload needs --large PATH");
                c.data.kind = DatasetKind::CsvFile;
                c.data.path = largePath;
            } else if (name != "default") {
                throw std::runtime_error("unknown workload '" + name + "'");
            }
            const Split data = makeDatasets(c.data, c.seed);
            r.rows = data.train.size() + data.validation.size();
            if (name == "large") {
                const ObservationSpacing s =
                    liveObservationSpacing(c, data.train.size(), data.validation.size());
                r.spacing = s.factor;
                c = withSpacing(c, s);
            }
            r.populationEvery = c.populationEvery;
            r.evaluateEvery = c.evaluateEvery;
            const long period = std::max({1L, long(c.populationEvery), long(c.evaluateEvery)});
            r.alone = stepsPerSecond(unobserved(c), data, ObservationMode::Serial, seconds, period);
            if (name != "small") {
                if (name != "large")
                    r.serial = stepsPerSecond(c, data, ObservationMode::Serial, seconds, period);
                r.parallel = stepsPerSecond(c, data, ObservationMode::Parallel, seconds, period);
            }
            if (!json)
                std::printf("%-8s %7ld rows  alone %9.0f  serial %9.0f  parallel %9.0f steps/s"
                            "  (P %ld, V %ld, spacing ×%d)\n",
                            name.c_str(), r.rows, r.alone, r.serial, r.parallel, r.populationEvery,
                            r.evaluateEvery, r.spacing);
            results.push_back(r);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bnlab_bench_observed: %s\n", e.what());
        return 1;
    }
    if (json) {
        std::printf("{\"tool\": \"bnlab_bench_observed\", \"seconds\": %g, \"kernels\": \"%s\", "
                    "\"workloads\": {",
                    seconds, kernelPathDescription(defaultKernelPath()).c_str());
        for (std::size_t i = 0; i < results.size(); ++i) {
            const Result& r = results[i];
            std::printf("%s\n  \"%s\": {\"rows\": %ld, \"alone\": %.1f, \"serial\": %.1f, "
                        "\"parallel\": %.1f, \"spacing\": %d, \"population_every\": %ld, "
                        "\"evaluate_every\": %ld}",
                        i ? "," : "", r.name.c_str(), r.rows, r.alone, r.serial, r.parallel,
                        r.spacing, r.populationEvery, r.evaluateEvery);
        }
        std::printf("\n}}\n");
    }
    return 0;
}
