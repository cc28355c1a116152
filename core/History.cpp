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
    view.counts_ = counts_;
    for (const auto& layer : columns_) {
        auto& out = view.columns_.emplace_back();
        for (const auto& c : layer)
            out.push_back({c.mean.view(), c.var.view()});
    }
    return view;
}

void History::appendTrainingCurves(std::vector<double> loss, std::vector<double> accuracy,
                                   std::vector<double> learningRate, std::vector<long> epoch) {
    loss_ = std::move(loss);
    accuracy_ = std::move(accuracy);
    learningRate_ = std::move(learningRate);
    epoch_ = std::move(epoch);
}

void History::appendBatchColumns(int layer, Eigen::Index feature, const double* mean,
                                 const double* var, std::size_t n) {
    Columns& c = columns_[std::size_t(layer)][std::size_t(feature)];
    c.mean.append(mean, n);
    c.var.append(var, n);
}

void History::setCounts(int layer, std::vector<int> counts) {
    counts_.resize(columns_.size());
    counts_[std::size_t(layer)] = std::make_shared<const std::vector<int>>(std::move(counts));
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
    counts_.clear();
    population_.clear();
    preciseBnRecords_ = 0;
    evaluations_.clear();
}

std::size_t History::memoryBytes() const {
    std::size_t bytes = 0;
    for (const auto& layer : columns_)
        for (const auto& c : layer)
            bytes += c.mean.memoryBytes() + c.var.memoryBytes();
    bytes += (loss_.capacity() + accuracy_.capacity() + learningRate_.capacity()) * sizeof(double);
    bytes += epoch_.capacity() * sizeof(long);
    for (const auto& c : counts_)
        bytes += c ? c->capacity() * sizeof(int) : 0;
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
