#include "Kernels.h"

#include "Errors.h"
#include "kernels/FmaGemm.h"

#include <atomic>
#include <cstdlib>
#include <mutex>

namespace bnlab {

namespace {
#if BNLAB_FMA_KERNELS
bool cpuHasAvx512() {
    return __builtin_cpu_supports("avx512f");
}
#else
bool cpuHasAvx512() {
    return false;
}
#endif

// -1: not chosen yet (read BNLAB_KERNELS on first use), else a KernelPath.
std::atomic<int> chosenPath{-1};
std::once_flag environmentRead;

KernelPath checked(KernelPath path, std::string_view text, std::string_view source) {
    if (path == KernelPath::Fma && !cpuHasFmaKernels())
        throw ConfigError(std::string(source) + " '" + std::string(text) +
                          "': this CPU has no AVX2 and FMA; use portable or auto");
    return path;
}
} // namespace

bool cpuHasFmaKernels() {
#if BNLAB_FMA_KERNELS
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return false; // built for a CPU family without the kernels
#endif
}

std::string kernelPathName(KernelPath path) {
    return path == KernelPath::Fma ? "fma" : "portable";
}

std::string kernelPathDescription(KernelPath path) {
    if (path == KernelPath::Portable)
        return "portable (SSE2)";
    return cpuHasAvx512() ? "fma (AVX-512)" : "fma (AVX2)";
}

std::optional<KernelPath> parseKernelPath(std::string_view text) {
    if (text == "portable")
        return KernelPath::Portable;
    if (text == "fma")
        return KernelPath::Fma;
    if (text == "auto")
        return cpuHasFmaKernels() ? KernelPath::Fma : KernelPath::Portable;
    return std::nullopt;
}

void chooseKernelPath(std::string_view text, std::string_view source) {
    const std::optional<KernelPath> path = parseKernelPath(text);
    if (!path)
        throw ConfigError(std::string(source) + " '" + std::string(text) +
                          "' is not a kernel path: use portable, fma or auto");
    setDefaultKernelPath(checked(*path, text, source));
}

KernelPath defaultKernelPath() {
    std::call_once(environmentRead, [] {
        if (chosenPath.load() >= 0)
            return; // set explicitly before first use
        const char* env = std::getenv("BNLAB_KERNELS");
        const std::string_view text = env && *env ? env : "auto";
        const std::optional<KernelPath> path = parseKernelPath(text);
        if (!path)
            throw ConfigError("BNLAB_KERNELS '" + std::string(text) +
                              "' is not a kernel path: use portable, fma or auto");
        chosenPath.store(int(checked(*path, text, "BNLAB_KERNELS")));
    });
    return KernelPath(chosenPath.load());
}

void setDefaultKernelPath(KernelPath path) {
    if (path == KernelPath::Fma && !cpuHasFmaKernels())
        throw ConfigError("the fma kernel path needs a CPU with AVX2 and FMA");
    chosenPath.store(int(path));
}

namespace kernels {
namespace {
void gemm(const GemmArgs& g) {
#if BNLAB_FMA_KERNELS
    static const bool avx512 = cpuHasAvx512();
    if (avx512)
        gemmFmaAvx512(g);
    else
        gemmFmaAvx2(g);
#else
    (void)g;      // unreachable: setDefaultKernelPath refuses fma here
#endif
}

// C (a.rows()×n, column-major at c) = a · B (+ bias), B(p, j) = b[p·bRow + j·bCol].
void product(const Matrix& a, const double* b, Eigen::Index bRow, Eigen::Index bCol, Eigen::Index n,
             const double* bias, double* c) {
    GemmArgs g;
    g.m = a.rows();
    g.n = n;
    g.k = a.cols();
    g.a = a.data();
    g.lda = a.rows();
    g.b = b;
    g.bRow = bRow;
    g.bCol = bCol;
    g.bias = bias;
    g.c = c;
    g.ldc = a.rows();
    gemm(g);
}
} // namespace

void linear(KernelPath path, const Matrix& in, const double* w, Eigen::Index k, Eigen::Index n,
            const double* bias, Matrix& out) {
    if (path == KernelPath::Portable) {
        out.noalias() = in * Eigen::Map<const Matrix>(w, k, n);
        if (bias)
            out.rowwise() += Eigen::Map<const Vector>(bias, n).transpose();
        return;
    }
    out.resize(in.rows(), n);
    product(in, w, 1, k, n, bias, out.data());
}

void weightGradient(KernelPath path, const Matrix& in, const Matrix& delta, double* dw) {
    Eigen::Map<Matrix> dW(dw, in.cols(), delta.cols());
    if (path == KernelPath::Portable) {
        dW.noalias() = in.transpose() * delta;
        return;
    }
    // inᵀ laid out column-major, so the kernel reads each of its columns (a row of `in`)
    // contiguously; the sum over the batch then runs in row order.
    thread_local Matrix inT;
    inT = in.transpose();
    product(inT, delta.data(), 1, delta.rows(), delta.cols(), nullptr, dw);
}

void inputGradient(KernelPath path, const Matrix& delta, const double* w, Eigen::Index k,
                   Eigen::Index n, Matrix& out) {
    if (path == KernelPath::Portable) {
        out.noalias() = delta * Eigen::Map<const Matrix>(w, k, n).transpose();
        return;
    }
    out.resize(delta.rows(), k);
    product(delta, w, k, 1, k, nullptr, out.data()); // B(q, p) = W(p, q)
}
} // namespace kernels

} // namespace bnlab
