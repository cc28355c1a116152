#include "History.h"

namespace bnlab {

History::History(std::vector<Eigen::Index> bnFeatures, int batchSize)
    : features_(std::move(bnFeatures)), batchSize_(batchSize), means_(features_.size()),
      vars_(features_.size()) {}

void History::append(const StepRecord& r) {
    for (std::size_t l = 0; l < features_.size(); ++l) {
        const Vector& mean = r.batch.mean[l];
        const Vector& var = r.batch.var[l];
        means_[l].insert(means_[l].end(), mean.data(), mean.data() + mean.size());
        vars_[l].insert(vars_[l].end(), var.data(), var.data() + var.size());
    }
    loss_.push_back(r.loss);
    accuracy_.push_back(r.accuracy);
    learningRate_.push_back(r.learningRate);
    epoch_.push_back(r.epoch);
}

void History::clear() {
    for (auto& v : means_)
        v.clear();
    for (auto& v : vars_)
        v.clear();
    loss_.clear();
    accuracy_.clear();
    learningRate_.clear();
    epoch_.clear();
    population_.clear();
    evaluations_.clear();
}

std::size_t History::memoryBytes() const {
    std::size_t bytes = 0;
    for (std::size_t l = 0; l < features_.size(); ++l)
        bytes += (means_[l].capacity() + vars_[l].capacity()) * sizeof(double);
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
                 std::size_t(e.weights.size()) * sizeof(double);
    return bytes;
}

} // namespace bnlab
