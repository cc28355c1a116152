#include "History.h"

namespace bnlab {

History::History(std::vector<Eigen::Index> bnFeatures, int batchSize) : batchSize_(batchSize) {
    for (Eigen::Index features : bnFeatures)
        columns_.emplace_back(std::size_t(features));
}

void History::append(const StepRecord& r) {
    for (std::size_t l = 0; l < columns_.size(); ++l)
        for (std::size_t f = 0; f < columns_[l].size(); ++f) {
            columns_[l][f].mean.push_back(r.batch.mean[l][Eigen::Index(f)]);
            columns_[l][f].var.push_back(r.batch.var[l][Eigen::Index(f)]);
        }
    loss_.push_back(r.loss);
    accuracy_.push_back(r.accuracy);
    learningRate_.push_back(r.learningRate);
    epoch_.push_back(r.epoch);
}

BatchStatsView History::batchStats() const {
    BatchStatsView view;
    view.steps_ = steps();
    view.batchSize_ = batchSize_;
    for (const auto& layer : columns_) {
        auto& out = view.columns_.emplace_back();
        for (const auto& c : layer)
            out.push_back({c.mean.view(), c.var.view()});
    }
    return view;
}

void History::clear() {
    for (auto& layer : columns_)
        for (auto& c : layer) {
            c.mean.clear();
            c.var.clear();
        }
    loss_.clear();
    accuracy_.clear();
    learningRate_.clear();
    epoch_.clear();
    population_.clear();
    evaluations_.clear();
}

std::size_t History::memoryBytes() const {
    std::size_t bytes = 0;
    for (const auto& layer : columns_)
        for (const auto& c : layer)
            bytes += c.mean.memoryBytes() + c.var.memoryBytes();
    bytes += (loss_.capacity() + accuracy_.capacity() + learningRate_.capacity()) * sizeof(double);
    bytes += epoch_.capacity() * sizeof(long);
    auto statsBytes = [](const LayerStats& s) {
        std::size_t b = 0;
        for (const auto& v : s.mean)
            b += std::size_t(v.size()) * 2 * sizeof(double);
        return b;
    };
    for (const auto& p : population_)
        bytes += sizeof(p) + statsBytes(p.exact) +
                 (p.precise ? statsBytes(p.precise->paper) + statsBytes(p.precise->pooled) : 0);
    for (const auto& e : evaluations_)
        bytes += sizeof(e) + e.estimators.capacity() * sizeof(Evaluation) +
                 (e.weights ? std::size_t(e.weights->size()) * sizeof(double) : 0);
    return bytes;
}

} // namespace bnlab
