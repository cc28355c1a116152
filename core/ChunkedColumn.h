#pragma once
// An append-only column of doubles stored in fixed-size blocks that never move. A View copies
// only the block pointers, so another thread can read everything appended before the view was
// taken while the owner keeps appending (it only ever writes past the view's end).
#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace bnlab {

class ChunkedColumn {
  public:
    static constexpr std::size_t BlockShift = 13; // 8192 doubles = 64 KiB per block
    static constexpr std::size_t BlockSize = std::size_t(1) << BlockShift;

    class View {
      public:
        View() = default;
        std::size_t size() const { return size_; }
        double operator[](std::size_t i) const {
            return blocks_[i >> BlockShift][i & (BlockSize - 1)];
        }
        // Calls f(pointer, count) for consecutive runs of the first n values: lets hot loops
        // run over plain arrays.
        template <class F> void forEachRun(std::size_t n, F&& f) const {
            for (std::size_t start = 0; start < n; start += BlockSize)
                f(blocks_[start >> BlockShift].get(), std::min(BlockSize, n - start));
        }

      private:
        friend class ChunkedColumn;
        std::vector<std::shared_ptr<double[]>> blocks_;
        std::size_t size_ = 0;
    };

    void push_back(double v) {
        if ((size_ & (BlockSize - 1)) == 0 && (size_ >> BlockShift) == blocks_.size())
            // Not zeroed: every value is written before the size covers it (a View never reads
            // past its size), and zeroing 64 KiB per block was a visible share of a live run.
            blocks_.push_back(std::make_shared_for_overwrite<double[]>(BlockSize));
        blocks_[size_ >> BlockShift][size_ & (BlockSize - 1)] = v;
        ++size_;
    }
    // Appends n values at once, a block at a time (loading a recorded run).
    void append(const double* values, std::size_t n) {
        while (n > 0) {
            if ((size_ & (BlockSize - 1)) == 0 && (size_ >> BlockShift) == blocks_.size())
                blocks_.push_back(std::make_shared_for_overwrite<double[]>(BlockSize));
            const std::size_t at = size_ & (BlockSize - 1);
            const std::size_t take = std::min(n, BlockSize - at);
            std::copy(values, values + take, blocks_[size_ >> BlockShift].get() + at);
            values += take;
            size_ += take;
            n -= take;
        }
    }
    std::size_t size() const { return size_; }
    double operator[](std::size_t i) const { return blocks_[i >> BlockShift][i & (BlockSize - 1)]; }
    void clear() {
        blocks_.clear();
        size_ = 0;
    }
    std::size_t memoryBytes() const { return blocks_.size() * BlockSize * sizeof(double); }
    View view() const {
        View v;
        v.blocks_ = blocks_;
        v.size_ = size_;
        return v;
    }

  private:
    std::vector<std::shared_ptr<double[]>> blocks_;
    std::size_t size_ = 0;
};

} // namespace bnlab
