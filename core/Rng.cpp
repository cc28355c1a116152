#include "Rng.h"

#include <cmath>
#include <numbers>

namespace bnlab {

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}
} // namespace

Rng::Rng(std::uint64_t seed) {
    for (auto& s : s_)
        s = splitmix64(seed);
}

std::uint64_t Rng::next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform() {
    return double(next() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi) {
    return lo + (hi - lo) * uniform();
}

double Rng::normal() {
    if (hasSpare_) {
        hasSpare_ = false;
        return spareNormal_;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    spareNormal_ = r * std::sin(theta);
    hasSpare_ = true;
    return r * std::cos(theta);
}

std::size_t Rng::below(std::size_t n) {
    // Rejection keeps it obviously unbiased: x is accepted iff x < n·⌊(2⁶⁴−1)/n⌋, that is iff
    // ⌊x/n⌋ < ⌊(2⁶⁴−1)/n⌋, that is iff (⌊x/n⌋ + 1)·n does not overflow. One division per draw
    // (PreciseBN's shuffles make millions of draws) and the same values as x % n.
    for (;;) {
        const std::uint64_t x = next();
        const std::uint64_t q = x / n;
        if (q * n <= UINT64_MAX - n)
            return std::size_t(x - q * n);
    }
}

} // namespace bnlab
