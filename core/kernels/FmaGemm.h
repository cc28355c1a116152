#pragma once
// The matrix products of the FMA kernel path, in plain C (no Eigen, no standard library): the
// files that implement them are compiled with -mavx2/-mavx512f, and a shared inline function
// instantiated there could be picked by the linker for the portable code too (an illegal
// instruction on an older CPU). Keeping these interfaces to raw pointers and the files free of
// every header but <immintrin.h> is what makes the per-file flags safe;
// tests/test_kernels.cpp checks that their objects define no shared (weak) symbol.
#include <cstddef>

namespace bnlab::kernels {

// C = A·B (+ bias), all column-major.
//   A: m×k, A(i, p) = a[i + p·lda]
//   B: k×n, B(p, j) = b[p·bRow + j·bCol] (any strides: B may be a transposed view)
//   C: m×n, C(i, j) = c[i + j·ldc]; bias (optional, n values) is added to every row.
// Every C(i, j) is computed as s = 0; for p = 0 … k−1: s = fma(A(i, p), B(p, j), s); then
// s + bias[j]. That chain does not depend on the vector width or on which rows are computed
// together, so the AVX2 and the AVX-512 version give the same bits, and a row's result is the
// same in a batch of its own and inside a larger matrix.
struct GemmArgs {
    std::ptrdiff_t m = 0, n = 0, k = 0;
    const double* a = nullptr;
    std::ptrdiff_t lda = 0;
    const double* b = nullptr;
    std::ptrdiff_t bRow = 0, bCol = 0;
    const double* bias = nullptr;
    double* c = nullptr;
    std::ptrdiff_t ldc = 0;
};

void gemmFmaAvx2(const GemmArgs& g);   // needs AVX2 and FMA
void gemmFmaAvx512(const GemmArgs& g); // needs AVX-512F

} // namespace bnlab::kernels
