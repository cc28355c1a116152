#pragma once
// A small deterministic random number generator. We do not use <random>'s distributions
// because their output is implementation-defined: the same seed must give the same run,
// bit for bit, on every compiler and standard library.
#include <cstdint>
#include <utility>
#include <vector>

namespace bnlab {

class Rng {
  public:
    explicit Rng(std::uint64_t seed);

    std::uint64_t next();                 // xoshiro256** output
    double uniform();                     // in [0, 1)
    double uniform(double lo, double hi); // in [lo, hi)
    double normal();                      // standard normal (Box–Muller)
    std::size_t below(std::size_t n);     // uniform integer in [0, n)

    template <class T> void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }
    // Moves a uniformly random choice of m elements (without replacement, in random order) to
    // the front of v: the first m steps of a Fisher–Yates shuffle, m draws instead of v.size().
    // Whatever order v is in, the choice is uniform, so v need not be reset between calls.
    template <class T> void sampleToFront(std::vector<T>& v, std::size_t m) {
        for (std::size_t i = 0; i < m && i + 1 < v.size(); ++i)
            std::swap(v[i], v[i + below(v.size() - i)]);
    }

  private:
    std::uint64_t s_[4];
    double spareNormal_ = 0.0;
    bool hasSpare_ = false;
};

} // namespace bnlab
