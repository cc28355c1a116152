#pragma once
// One BN layer's population statistics, appended on the GUI thread while background jobs
// read them, without copying the record and without ever changing data another thread may
// hold: chunks are immutable once handed out; appending to a handed-out chunk replaces it
// with a copy (at most ChunkSize records).
#include "ErrorSummary.h"

#include <algorithm>
#include <memory>
#include <vector>

namespace bnlab {

class SharedPopulation {
  public:
    static constexpr std::size_t ChunkSize = 512;
    using Chunks = std::vector<std::shared_ptr<const LayerPopulation>>;

    void clear() {
        chunks_.clear();
        lastHandedOut_ = false;
    }
    bool empty() const { return chunks_.empty(); }

    void append(long step, const Vector& mean, const Vector& var) {
        if (chunks_.empty() || chunks_.back()->steps.size() >= ChunkSize) {
            chunks_.push_back(std::make_shared<LayerPopulation>());
            lastHandedOut_ = false;
        } else if (lastHandedOut_) {
            chunks_.back() = std::make_shared<LayerPopulation>(*chunks_.back());
            lastHandedOut_ = false;
        }
        LayerPopulation& last = *chunks_.back(); // held by nobody else now
        last.steps.push_back(step);
        last.mean.push_back(mean);
        last.var.push_back(var);
    }

    // The record so far, for another thread: cheap (pointers), and never changed afterwards.
    Chunks snapshot() {
        lastHandedOut_ = true;
        return Chunks(chunks_.begin(), chunks_.end());
    }

    // Joins a snapshot, from its point `first` on, into the form errorVsPopulation and
    // ErrorCurveTracker read (on the reading thread).
    static LayerPopulation merged(const Chunks& chunks, std::size_t first = 0) {
        LayerPopulation all;
        std::size_t n = 0;
        for (const auto& c : chunks)
            n += c->steps.size();
        n -= std::min(n, first);
        all.steps.reserve(n);
        all.mean.reserve(n);
        all.var.reserve(n);
        std::size_t skip = first;
        for (const auto& c : chunks) {
            const std::size_t size = c->steps.size();
            const long from = long(std::min(skip, size));
            skip -= std::size_t(from);
            all.steps.insert(all.steps.end(), c->steps.begin() + from, c->steps.end());
            all.mean.insert(all.mean.end(), c->mean.begin() + from, c->mean.end());
            all.var.insert(all.var.end(), c->var.begin() + from, c->var.end());
        }
        return all;
    }

  private:
    std::vector<std::shared_ptr<LayerPopulation>> chunks_;
    bool lastHandedOut_ = false; // the last chunk may be held by a job: copy before changing
};

} // namespace bnlab
