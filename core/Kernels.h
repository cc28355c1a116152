#pragma once
// The arithmetic of the network's matrix products, chosen once per model.
//
//   portable  Eigen's products as built for any x86-64 CPU (SSE2). The reference: the same bits
//             on every machine.
//   fma       BN Lab's own kernels with fused multiply-add (kernels/FmaGemm.h), on CPUs with
//             AVX2 and FMA (AVX-512 where present: the same bits, more rows at once). About
//             twice as fast; the last bits differ from the portable path's.
//
// Everything else (BatchNorm, activations, the loss) is the same code on both paths. A run is
// reproducible bit for bit on every machine that takes the same path. The default is `fma`
// where the CPU has it; BNLAB_KERNELS=portable (or --kernels portable) makes every machine take
// the portable path, so that a whole classroom can reproduce one run exactly.
#include "BatchNorm.h"

#include <optional>
#include <string>
#include <string_view>

namespace bnlab {

enum class KernelPath { Portable, Fma };

bool cpuHasFmaKernels();                     // AVX2 and FMA, enabled by the operating system
std::string kernelPathName(KernelPath path); // "portable" or "fma"
// The path and how it runs here: "fma (AVX-512)", "fma (AVX2)", "portable (SSE2)".
std::string kernelPathDescription(KernelPath path);
// "portable", "fma" or "auto" (fma where the CPU has it); empty for anything else.
std::optional<KernelPath> parseKernelPath(std::string_view text);

// The path new models take. Until set, it comes from the environment variable BNLAB_KERNELS
// (portable, fma or auto; unset means auto). Throws ConfigError for an unknown value or for fma
// on a CPU without it, naming the value and where it came from.
KernelPath defaultKernelPath();
void setDefaultKernelPath(KernelPath path);
// Reads a user's choice ("--kernels" on the command line or BNLAB_KERNELS), checks it and makes
// it the default. `source` names where it came from, for the message.
void chooseKernelPath(std::string_view text, std::string_view source);

namespace kernels {
// out (m×n) = in (m×k) · W (+ bias per column); W is k×n, column-major at `w`.
void linear(KernelPath path, const Matrix& in, const double* w, Eigen::Index k, Eigen::Index n,
            const double* bias, Matrix& out);
// dW (k×n, column-major at `dw`) = inᵀ (k×m) · delta (m×n).
void weightGradient(KernelPath path, const Matrix& in, const Matrix& delta, double* dw);
// out (m×k) = delta (m×n) · Wᵀ; W is k×n, column-major at `w`.
void inputGradient(KernelPath path, const Matrix& delta, const double* w, Eigen::Index k,
                   Eigen::Index n, Matrix& out);
} // namespace kernels

} // namespace bnlab
