// The FMA product kernel for AVX2 (4 doubles per vector). Compiled with -mavx2 -mfma; includes
// nothing but the intrinsics and plain interface (see FmaGemm.h for why).
#include "FmaGemm.h"

#include <immintrin.h>

namespace {
struct Lanes {
    using V = __m256d;
    static constexpr int Width = 4;
    static constexpr int MaxColumns = 4; // 3×4 accumulators + 3 rows + 1 broadcast = 16 registers
    static V zero() { return _mm256_setzero_pd(); }
    static V broadcast(const double* p) { return _mm256_broadcast_sd(p); }
    static V load(const double* p) { return _mm256_loadu_pd(p); }
    static void store(double* p, V v) { _mm256_storeu_pd(p, v); }
    static V fma(V a, V b, V acc) { return _mm256_fmadd_pd(a, b, acc); }
    static V add(V a, V b) { return _mm256_add_pd(a, b); }
    static __m256i mask(int rows) { // lanes [0, rows) set
        return _mm256_cmpgt_epi64(_mm256_set1_epi64x(rows), _mm256_setr_epi64x(0, 1, 2, 3));
    }
    static V loadPartial(const double* p, int rows) { return _mm256_maskload_pd(p, mask(rows)); }
    static void storePartial(double* p, V v, int rows) { _mm256_maskstore_pd(p, mask(rows), v); }
};
} // namespace

#include "FmaGemm.inc"

namespace bnlab::kernels {
void gemmFmaAvx2(const GemmArgs& g) {
    gemm(g);
}
} // namespace bnlab::kernels
