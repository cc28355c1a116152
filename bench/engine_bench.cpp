// bnlab_bench_engine: how fast the engine trains, measured on this machine.
//
//   small   MLP 2-64-64-2 (BN before ReLU on both hidden layers), batch 32, moons (2000 samples),
//           SGD lr 0.05, momentum 0.9: steps/s of Trainer::step() with population statistics,
//           PreciseBN and evaluation off; then, for information, with the default periodic work
//           on (population every 10 steps, PreciseBN 20 batches, evaluation every 50 steps).
//   digits  MLP 64-128-128-10, batch 64, the bundled digits: steps/s of Trainer::step(), and the
//           time of the step's own matrix products alone (the same eight GEMMs with the same
//           shapes and the same Eigen expressions as Mlp::trainStep, on preallocated matrices).
//           Target: step time ≤ 2 × GEMM time.
// For the breakdown, both models also time Mlp::trainStep() alone (forward, loss, backward on
// training batches, without batching, SGD or running statistics), and the small model its GEMMs.
//
// Usage: bnlab_bench_engine [--model small|digits|all] [--seconds S] [--digits PATH] [--json]
// Each measurement warms up first, then runs for S seconds (default 3) by std::chrono::steady_clock
// and reports steps/s over the whole duration, the slowest and fastest of ten time slices, and the
// process CPU time per step (which excludes time spent descheduled on a busy machine).
#include "Config.h"
#include "Dataset.h"
#include "Kernels.h"
#include "Mlp.h"
#include "Trainer.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#ifndef BNLAB_RESOURCES_DIR
#define BNLAB_RESOURCES_DIR "resources"
#endif

using namespace bnlab;

namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the process: unlike the wall clock, it does not count time the benchmark spent
// descheduled, which makes it a useful second figure on a machine that is busy with other work.
double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// The whole measurement, and its rate in each of (about) ten equal time slices: on a machine
// that is busy with other work the best and median slices show the spread.
struct Timing {
    long iterations = 0;
    double seconds = 0.0;
    std::vector<double> sliceRates; // iterations per second in each slice
    double cpuSeconds = 0.0;        // CPU time of the process over the measurement
    double cpuMicroseconds() const { return cpuSeconds * 1e6 / double(iterations); }
    double perSecond() const { return double(iterations) / seconds; }
    double microseconds() const { return seconds * 1e6 / double(iterations); }
    double bestPerSecond() const {
        return sliceRates.empty() ? perSecond()
                                  : *std::max_element(sliceRates.begin(), sliceRates.end());
    }
    double worstPerSecond() const {
        return sliceRates.empty() ? perSecond()
                                  : *std::min_element(sliceRates.begin(), sliceRates.end());
    }
    double medianPerSecond() const {
        if (sliceRates.empty())
            return perSecond();
        std::vector<double> r = sliceRates;
        std::sort(r.begin(), r.end());
        const std::size_t n = r.size();
        return n % 2 ? r[n / 2] : 0.5 * (r[n / 2 - 1] + r[n / 2]);
    }
};

// Warm-up, then calls `fn` in chunks until `seconds` have passed. The chunk length is calibrated
// during the warm-up so the clock is read about once per millisecond.
Timing measure(double seconds, const std::function<void()>& fn) {
    const double warmup = std::clamp(seconds / 5.0, 0.05, 0.5);
    long chunk = 1, warmCalls = 0;
    const auto w0 = Clock::now();
    double warmElapsed = 0.0;
    do {
        for (long i = 0; i < chunk; ++i)
            fn();
        warmCalls += chunk;
        warmElapsed = std::chrono::duration<double>(Clock::now() - w0).count();
        if (warmElapsed < warmup / 4.0)
            chunk *= 2;
    } while (warmElapsed < warmup);
    chunk = std::max(1L, long(1e-3 * double(warmCalls) / warmElapsed));

    Timing t;
    const double slice = seconds / 10.0;
    const double cpu0 = processCpuSeconds();
    const auto t0 = Clock::now();
    double sliceStart = 0.0;
    long sliceIterations = 0;
    do {
        for (long i = 0; i < chunk; ++i)
            fn();
        t.iterations += chunk;
        sliceIterations += chunk;
        t.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        if (t.seconds - sliceStart >= slice || t.seconds >= seconds) {
            t.sliceRates.push_back(double(sliceIterations) / (t.seconds - sliceStart));
            sliceStart = t.seconds;
            sliceIterations = 0;
        }
    } while (t.seconds < seconds);
    t.cpuSeconds = processCpuSeconds() - cpu0;
    return t;
}

TrainingConfig baseConfig() {
    TrainingConfig c;
    c.model.placement = BnPlacement::BeforeActivation;
    c.model.activation = Activation::Relu;
    c.model.hiddenBn = true;
    c.optimizer.learningRate = 0.05;
    c.optimizer.sgdMomentum = 0.9;
    c.seed = 1;
    return c;
}

void pureStepTiming(TrainingConfig& c) {
    c.populationEvery = 0;
    c.preciseBnBatches = 0;
    c.evaluateEvery = 0;
}

TrainingConfig smallConfig(bool periodic) {
    TrainingConfig c = baseConfig();
    c.data.kind = DatasetKind::Moons;
    c.data.samples = 2000;
    c.model.hidden = {64, 64};
    c.batchSize = 32;
    if (!periodic)
        pureStepTiming(c);
    // else the defaults: populationEvery 10, preciseBnBatches 20, evaluateEvery 50
    return c;
}

TrainingConfig digitsConfig(const std::string& path) {
    TrainingConfig c = baseConfig();
    c.data.kind = DatasetKind::Digits;
    c.data.path = path;
    c.model.hidden = {128, 128};
    c.batchSize = 64;
    pureStepTiming(c);
    return c;
}

// steps/s of Trainer::step(). A run that diverged would make step() return early and the figure
// meaningless: it is started again from scratch (and reported if it happens).
struct StepBench {
    Timing timing;
    int restarts = 0;
};

StepBench benchTrainer(const TrainingConfig& c, double seconds) {
    const Split data = makeDatasets(c.data, c.seed);
    StepBench result;
    auto trainer = std::make_unique<Trainer>(c, data);
    result.timing = measure(seconds, [&] {
        if (trainer->diverged()) {
            trainer = std::make_unique<Trainer>(c, data);
            ++result.restarts;
        }
        trainer->step();
    });
    return result;
}

// Mlp::trainStep alone (forward, loss, backward): no batch selection, no SGD update (the weights
// stay at their initial values), no running statistics. It cycles over all the batches of the
// training set, not one fixed batch, so the branch predictor cannot learn a batch's sign pattern.
Timing benchTrainStepOnly(const TrainingConfig& c, double seconds) {
    const Split data = makeDatasets(c.data, c.seed);
    Rng initRng(7);
    Mlp mlp(c.model, int(data.train.features()), data.train.classes, initRng);
    std::vector<Matrix> xs;
    std::vector<std::vector<int>> ys;
    for (Eigen::Index start = 0; start + c.batchSize <= data.train.size(); start += c.batchSize) {
        xs.push_back(data.train.x.middleRows(start, c.batchSize));
        ys.emplace_back(data.train.y.begin() + start, data.train.y.begin() + start + c.batchSize);
    }
    LayerStats stats;
    double sink = 0.0;
    std::size_t next = 0;
    const Timing t = measure(seconds, [&] {
        sink += mlp.trainStep(xs[next], ys[next], stats).loss;
        next = (next + 1) % xs.size();
    });
    if (!std::isfinite(sink))
        std::fprintf(stderr, "warning: trainStep loss not finite\n");
    return t;
}

// The matrix products of one training step of an MLP with these layer widths and batch size m,
// with the shapes and expression forms of Mlp::trainStep (weights and gradients are in×out maps
// into flat vectors, activations are m×features):
//   forward   out = X · W                 every linear layer
//   backward  dW  = Xᵀ · δ                every linear layer
//             dX  = δ · Wᵀ                every linear layer but the first
// on the kernel path the model takes (BNLAB_KERNELS).
struct GemmBench {
    Timing timing;
    int products = 0;
    double flopsPerStep = 0.0;
};

GemmBench benchGemms(const std::vector<Eigen::Index>& widths, Eigen::Index m, double seconds) {
    const std::size_t layers = widths.size() - 1;
    Eigen::Index total = 0;
    for (std::size_t l = 0; l < layers; ++l)
        total += widths[l] * widths[l + 1];
    Vector params = Vector::Random(total), grad = Vector::Zero(total);
    std::vector<Matrix> acts, outs, deltas, dxs;
    std::vector<Eigen::Index> offsets;
    GemmBench result;
    Eigen::Index offset = 0;
    for (std::size_t l = 0; l < layers; ++l) {
        const Eigen::Index in = widths[l], out = widths[l + 1];
        acts.push_back(Matrix::Random(m, in));
        outs.push_back(Matrix::Zero(m, out));
        deltas.push_back(Matrix::Random(m, out));
        dxs.push_back(Matrix::Zero(m, in));
        offsets.push_back(offset);
        offset += in * out;
        result.products += l > 0 ? 3 : 2;
        result.flopsPerStep += 2.0 * double(m * in * out) * (l > 0 ? 3.0 : 2.0);
    }
    // The products as the model computes them, on its kernel path (Kernels.h).
    const KernelPath path = defaultKernelPath();
    result.timing = measure(seconds, [&] {
        for (std::size_t l = 0; l < layers; ++l)
            kernels::linear(path, acts[l], params.data() + offsets[l], widths[l], widths[l + 1],
                            nullptr, outs[l]);
        for (std::size_t l = layers; l-- > 0;) {
            kernels::weightGradient(path, acts[l], deltas[l], grad.data() + offsets[l]);
            if (l > 0)
                kernels::inputGradient(path, deltas[l], params.data() + offsets[l], widths[l],
                                       widths[l + 1], dxs[l]);
        }
    });
    if (!std::isfinite(grad.sum() + outs.back().sum() + dxs.back().sum()))
        std::fprintf(stderr, "warning: GEMM results not finite\n");
    return result;
}

void usage(std::FILE* to) {
    std::fprintf(to,
                 "usage: bnlab_bench_engine [--model small|digits|all] [--seconds S] "
                 "[--digits PATH] [--json]\n"
                 "  --model    which benchmark to run (default all)\n"
                 "  --seconds  duration of each measurement after warm-up (default 3)\n"
                 "  --digits   the digits CSV (default %s/data/digits.csv)\n"
                 "  --json     machine-readable output on stdout\n",
                 BNLAB_RESOURCES_DIR);
}

void jsonTiming(const char* name, const Timing& t, bool comma) {
    std::printf("    \"%s\": {\"steps_per_sec\": %.1f, \"us_per_step\": %.3f, "
                "\"median_slice_steps_per_sec\": %.1f, \"best_slice_steps_per_sec\": %.1f, "
                "\"worst_slice_steps_per_sec\": %.1f, \"cpu_us_per_step\": %.3f, "
                "\"cpu_steps_per_sec\": %.1f, \"iterations\": %ld, \"seconds\": %.3f}%s\n",
                name, t.perSecond(), t.microseconds(), t.medianPerSecond(), t.bestPerSecond(),
                t.worstPerSecond(), t.cpuMicroseconds(), 1e6 / t.cpuMicroseconds(), t.iterations,
                t.seconds, comma ? "," : "");
}

void jsonGemm(const GemmBench& g) {
    std::printf(
        "    \"gemm\": {\"products\": %d, \"flops\": %.0f, \"us\": %.3f, \"median_slice_us\": "
        "%.3f, "
        "\"best_slice_us\": %.3f, \"cpu_us\": %.3f, \"gflops\": %.2f, \"iterations\": %ld},\n",
        g.products, g.flopsPerStep, g.timing.microseconds(), 1e6 / g.timing.medianPerSecond(),
        1e6 / g.timing.bestPerSecond(), g.timing.cpuMicroseconds(),
        g.flopsPerStep * g.timing.perSecond() * 1e-9, g.timing.iterations);
}

void printTiming(const char* label, const Timing& t, const char* unit = "steps") {
    std::printf("%-36s %8.0f %s/s %8.2f µs  (slices %.0f–%.0f/s; CPU %.2f µs)\n", label,
                t.perSecond(), unit, t.microseconds(), t.worstPerSecond(), t.bestPerSecond(),
                t.cpuMicroseconds());
}

void printGemm(const char* label, const GemmBench& g) {
    printTiming(label, g.timing, "sets");
    std::printf("%-36s %d products, %.2f MFLOP per step, %.2f GFLOP/s\n", "", g.products,
                g.flopsPerStep * 1e-6, g.flopsPerStep * g.timing.perSecond() * 1e-9);
}

} // namespace

int main(int argc, char** argv) {
    std::string model = "all";
    double seconds = 3.0;
    std::string digitsPath = std::string(BNLAB_RESOURCES_DIR) + "/data/digits.csv";
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
        if (arg == "--model")
            model = value();
        else if (arg == "--seconds")
            seconds = std::atof(value().c_str());
        else if (arg == "--digits")
            digitsPath = value();
        else if (arg == "--json")
            json = true;
        else if (arg == "--help" || arg == "-h") {
            usage(stdout);
            return 0;
        } else {
            std::fprintf(stderr, "unknown argument '%s'\n", arg.c_str());
            usage(stderr);
            return 2;
        }
    }
    if (model != "small" && model != "digits" && model != "all") {
        std::fprintf(stderr, "--model must be small, digits or all (got '%s')\n", model.c_str());
        return 2;
    }
    if (!(seconds > 0.0)) {
        std::fprintf(stderr, "--seconds must be > 0\n");
        return 2;
    }
    const bool runSmall = model != "digits", runDigits = model != "small";

    try {
        StepBench small, smallPeriodic, digits;
        Timing smallTrainStep, digitsTrainStep;
        GemmBench smallGemm, gemm;
        if (runSmall) {
            if (!json)
                std::printf("small  2-64-64-2, batch 32, moons 2000 …\n");
            small = benchTrainer(smallConfig(false), seconds);
            smallTrainStep = benchTrainStepOnly(smallConfig(false), seconds);
            smallGemm = benchGemms({2, 64, 64, 2}, 32, seconds);
            smallPeriodic = benchTrainer(smallConfig(true), seconds);
        }
        if (runDigits) {
            if (!json)
                std::printf("digits 64-128-128-10, batch 64, %s …\n", digitsPath.c_str());
            const TrainingConfig c = digitsConfig(digitsPath);
            digits = benchTrainer(c, seconds);
            digitsTrainStep = benchTrainStepOnly(c, seconds);
            gemm = benchGemms({64, 128, 128, 10}, 64, seconds);
        }
        // step time / GEMM time, over the whole measurements and from their best slices.
        const double ratio =
            runDigits ? digits.timing.microseconds() / gemm.timing.microseconds() : 0.0;
        const double ratioBest =
            runDigits ? gemm.timing.bestPerSecond() / digits.timing.bestPerSecond() : 0.0;

        if (json) {
            std::printf("{\n  \"tool\": \"bnlab_bench_engine\",\n  \"seconds\": %g,\n", seconds);
            std::printf("  \"eigen\": \"%d.%d.%d\",\n  \"simd\": \"%s\",\n", EIGEN_WORLD_VERSION,
                        EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
                        Eigen::SimdInstructionSetsInUse());
            std::printf("  \"dtype\": \"float64\",\n");
            if (runSmall) {
                std::printf("  \"small\": {\n");
                std::printf("    \"restarts_after_divergence\": %d,\n", small.restarts);
                jsonTiming("step", small.timing, true);
                jsonTiming("train_step_only", smallTrainStep, true);
                jsonGemm(smallGemm);
                jsonTiming("step_with_periodic_work", smallPeriodic.timing, false);
                std::printf("  }%s\n", runDigits ? "," : "");
            }
            if (runDigits) {
                std::printf("  \"digits\": {\n");
                std::printf("    \"restarts_after_divergence\": %d,\n", digits.restarts);
                jsonTiming("step", digits.timing, true);
                jsonTiming("train_step_only", digitsTrainStep, true);
                jsonGemm(gemm);
                std::printf(
                    "    \"step_over_gemm\": %.3f,\n    \"step_over_gemm_best_slices\": %.3f,\n"
                    "    \"target_step_over_gemm\": 2.0,\n    \"pass\": %s\n  }\n",
                    ratio, ratioBest, ratio <= 2.0 ? "true" : "false");
            }
            std::printf("}\n");
        } else {
            std::printf("\nEigen %d.%d.%d, SIMD: %s; double precision; %g s per measurement\n",
                        EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
                        Eigen::SimdInstructionSetsInUse(), seconds);
            if (runSmall) {
                printTiming("small  Trainer::step()", small.timing);
                printTiming("small  Mlp::trainStep() alone", smallTrainStep);
                printGemm("small  the step's GEMMs alone", smallGemm);
                printTiming("small  with periodic work (info)", smallPeriodic.timing);
            }
            if (runDigits) {
                printTiming("digits Trainer::step()", digits.timing);
                printTiming("digits Mlp::trainStep() alone", digitsTrainStep);
                printGemm("digits the step's GEMMs alone", gemm);
                std::printf(
                    "digits step time / GEMM time = %.2f (best slices: %.2f); target ≤ 2: %s\n",
                    ratio, ratioBest, ratio <= 2.0 ? "PASS" : "MISS");
            }
            if (small.restarts + digits.restarts > 0)
                std::printf("note: a run diverged and was restarted (%d small, %d digits)\n",
                            small.restarts, digits.restarts);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bnlab_bench_engine: %s\n", e.what());
        return 1;
    }
    return 0;
}
