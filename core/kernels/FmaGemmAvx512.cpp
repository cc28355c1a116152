// The FMA product kernel for AVX-512 (8 doubles per vector). Compiled with -mavx512f -mfma;
// includes nothing but the intrinsics and plain interface (see FmaGemm.h for why). Its results
// equal the AVX2 kernel's bit for bit: the same fma chain per element, only more rows at once.
#include "FmaGemm.h"

#include <immintrin.h>

namespace {
struct Lanes {
    using V = __m512d;
    static constexpr int Width = 8;
    static constexpr int MaxColumns = 8; // 3×8 accumulators + 3 rows + 1 broadcast of 32 registers
    static V zero() { return _mm512_setzero_pd(); }
    static V broadcast(const double* p) { return _mm512_set1_pd(*p); }
    static V load(const double* p) { return _mm512_loadu_pd(p); }
    static void store(double* p, V v) { _mm512_storeu_pd(p, v); }
    static V fma(V a, V b, V acc) { return _mm512_fmadd_pd(a, b, acc); }
    static V add(V a, V b) { return _mm512_add_pd(a, b); }
    static __mmask8 mask(int rows) { return __mmask8((1u << rows) - 1u); }
    static V loadPartial(const double* p, int rows) { return _mm512_maskz_loadu_pd(mask(rows), p); }
    static void storePartial(double* p, V v, int rows) { _mm512_mask_storeu_pd(p, mask(rows), v); }
};
} // namespace

#include "FmaGemm.inc"

namespace bnlab::kernels {
void gemmFmaAvx512(const GemmArgs& g) {
    gemm(g);
}
} // namespace bnlab::kernels
