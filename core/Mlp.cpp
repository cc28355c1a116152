#include "Mlp.h"

#include <algorithm>
#include <cmath>

namespace bnlab {

namespace {
// Numerically stable softmax cross-entropy of each row.
double rowLogSumExp(const Eigen::Ref<const Eigen::RowVectorXd>& z) {
    const double zmax = z.maxCoeff();
    return zmax + std::log((z.array() - zmax).exp().sum());
}
} // namespace

Mlp::Mlp(const ModelConfig& config, int inputs, int classes, Rng& rng)
    : config_(config), kernels_(defaultKernelPath()) {
    Eigen::Index offset = 0;
    auto addGroup = [&](std::string name, Eigen::Index size, bool decays) {
        groups_.push_back({std::move(name), offset, size, decays});
        offset += size;
        return offset - size;
    };
    auto addBn = [&](Eigen::Index features) {
        const int index = int(bnFeatures_.size());
        Op op{OpKind::BatchNorm, features, features};
        op.weight = addGroup("bn" + std::to_string(index) + ".gamma", features, false);
        op.bias = addGroup("bn" + std::to_string(index) + ".beta", features, false);
        op.bn = index;
        bnFeatures_.push_back(features);
        ops_.push_back(op);
    };
    int linears = 0;
    auto addLinear = [&](Eigen::Index in, Eigen::Index out) {
        const std::string name = "linear" + std::to_string(linears++);
        Op op{OpKind::Linear, in, out};
        op.weight = addGroup(name + ".weight", in * out, true);
        op.bias = addGroup(name + ".bias", out, false);
        ops_.push_back(op);
    };

    if (config.inputBn)
        addBn(inputs);
    Eigen::Index width = inputs;
    for (int h : config.hidden) {
        addLinear(width, h);
        if (config.hiddenBn && config.placement == BnPlacement::BeforeActivation)
            addBn(h);
        ops_.push_back({OpKind::Activation, h, h});
        if (config.hiddenBn && config.placement == BnPlacement::AfterActivation)
            addBn(h);
        width = h;
    }
    addLinear(width, classes);

    for (std::size_t i = 0; i < ops_.size(); ++i)
        if (ops_[i].kind == OpKind::BatchNorm)
            lastBnOp_ = i + 1;
    params_ = Vector::Zero(offset);
    grad_ = Vector::Zero(offset);
    // He (ReLU) or Xavier/Glorot (tanh) normal initialization; biases 0, γ = 1, β = 0.
    WeightInit init = config.init;
    if (init == WeightInit::Auto)
        init = config.activation == Activation::Relu ? WeightInit::He : WeightInit::Xavier;
    for (const Op& op : ops_) {
        if (op.kind == OpKind::Linear) {
            const double stddev = init == WeightInit::He ? std::sqrt(2.0 / double(op.in))
                                                         : std::sqrt(2.0 / double(op.in + op.out));
            for (Eigen::Index i = 0; i < op.in * op.out; ++i)
                params_[op.weight + i] = stddev * rng.normal();
        } else if (op.kind == OpKind::BatchNorm) {
            params_.segment(op.weight, op.in).setOnes();
        }
    }
}

std::string Mlp::bnLayerName(int layer) const {
    int hidden = 0;
    for (const Op& op : ops_) {
        if (op.kind == OpKind::Linear)
            ++hidden;
        if (op.kind == OpKind::BatchNorm && op.bn == layer)
            return hidden == 0
                       ? "BN " + std::to_string(layer) + " (inputs)"
                       : "BN " + std::to_string(layer) + " (hidden " + std::to_string(hidden) + ")";
    }
    return "BN " + std::to_string(layer);
}

Eigen::Map<const Matrix> Mlp::weight(const Op& op) const {
    return {params_.data() + op.weight, op.in, op.out};
}
Eigen::Map<const Vector> Mlp::vec(Eigen::Index offset, Eigen::Index size) const {
    return {params_.data() + offset, size};
}

void Mlp::forward(const Matrix& x, StatsMode mode, LayerStats& stats, std::vector<Matrix>& acts,
                  std::vector<BatchNormCache>* caches, std::size_t opCount) const {
    // acts[0] stays unused: the first op reads x in place (a copy of a whole data set per pass).
    acts.resize(ops_.size() + 1);
    if (mode != StatsMode::Given) {
        stats.mean.resize(bnFeatures_.size());
        stats.var.resize(bnFeatures_.size());
    }
    if (caches)
        caches->resize(bnFeatures_.size());
    for (std::size_t i = 0; i < std::min(opCount, ops_.size()); ++i) {
        const Op& op = ops_[i];
        const Matrix& in = i == 0 ? x : acts[i];
        Matrix& out = acts[i + 1];
        switch (op.kind) {
        case OpKind::Linear:
            kernels::linear(kernels_, in, params_.data() + op.weight, op.in, op.out,
                            params_.data() + op.bias, out);
            break;
        case OpKind::Activation:
            if (config_.activation == Activation::Relu)
                out = in.cwiseMax(0.0);
            else
                out = in.array().tanh();
            break;
        case OpKind::BatchNorm: {
            const auto b = std::size_t(op.bn);
            const auto gamma = vec(op.weight, op.in), beta = vec(op.bias, op.in);
            if (mode == StatsMode::Batch) {
                batchNormForwardTrain(in, gamma, beta, config_.bnEpsilon, out, stats.mean[b],
                                      stats.var[b], (*caches)[b]);
            } else {
                if (mode == StatsMode::Population) {
                    const double n = double(in.rows());
                    stats.mean[b] = in.colwise().sum().transpose() / n;
                    populationVariance(in, stats.mean[b], stats.var[b]);
                    if (i + 1 == lastBnOp_)
                        break; // the last BN layer: its statistics are all a population pass needs
                }
                const bool reluNext = i + 1 < std::min(opCount, ops_.size()) &&
                                      ops_[i + 1].kind == OpKind::Activation &&
                                      config_.activation == Activation::Relu;
                if (reluNext) {
                    // BN and the ReLU after it in one pass; the BN's own output (acts[i + 1])
                    // is not kept: only training's backward pass reads it.
                    batchNormForwardInferenceRelu(in, stats.mean[b], stats.var[b], gamma, beta,
                                                  config_.bnEpsilon, acts[i + 2]);
                    ++i;
                } else {
                    batchNormForwardInference(in, stats.mean[b], stats.var[b], gamma, beta,
                                              config_.bnEpsilon, out);
                }
            }
            break;
        }
        }
    }
}

Evaluation Mlp::lossAndAccuracy(const Matrix& logits, const std::vector<int>& y,
                                Matrix* dlogits) const {
    const Eigen::Index m = logits.rows();
    double loss = 0.0;
    long correct = 0;
    if (dlogits)
        dlogits->resize(m, logits.cols());
    for (Eigen::Index i = 0; i < m; ++i) {
        const auto row = logits.row(i);
        const double lse = rowLogSumExp(row);
        const int label = y[std::size_t(i)];
        loss += lse - row[label];
        Eigen::Index predicted;
        row.maxCoeff(&predicted);
        correct += predicted == label;
        if (dlogits) {
            // d(mean CE)/dz = (softmax(z) − onehot(y)) / m
            dlogits->row(i) = ((row.array() - lse).exp() / double(m)).matrix();
            (*dlogits)(i, label) -= 1.0 / double(m);
        }
    }
    return {loss / double(m), double(correct) / double(m)};
}

Evaluation Mlp::trainStep(const Matrix& x, const std::vector<int>& y, LayerStats& batchStats) {
    forward(x, StatsMode::Batch, batchStats, acts_, &caches_);
    const Evaluation result = lossAndAccuracy(acts_.back(), y, &delta_);

    // Backward, op by op from the logits to the input. delta_ holds dLoss/d(output of op i).
    for (std::size_t i = ops_.size(); i-- > 0;) {
        const Op& op = ops_[i];
        const Matrix& in = i == 0 ? x : acts_[i];
        switch (op.kind) {
        case OpKind::Linear: {
            kernels::weightGradient(kernels_, in, delta_, grad_.data() + op.weight);
            grad_.segment(op.bias, op.out) = delta_.colwise().sum().transpose();
            if (i > 0)
                kernels::inputGradient(kernels_, delta_, params_.data() + op.weight, op.in, op.out,
                                       deltaPrev_);
            break;
        }
        case OpKind::Activation:
            if (config_.activation == Activation::Relu) {
                // Branch-free (the signs are random, a branch mispredicts half the time) and
                // vectorized; the same values as (in > 0).select(delta, 0).
                deltaPrev_.resize(delta_.rows(), delta_.cols());
                const double* a = in.data();
                const double* d = delta_.data();
                double* o = deltaPrev_.data();
                for (Eigen::Index k = 0, n = delta_.size(); k < n; ++k) {
                    const double dk = d[k];
                    o[k] = a[k] > 0.0 ? dk : 0.0;
                }
            } else
                deltaPrev_ = delta_.array() * (1.0 - acts_[i + 1].array().square());
            break;
        case OpKind::BatchNorm:
            batchNormBackward(delta_, vec(op.weight, op.in), caches_[std::size_t(op.bn)],
                              deltaPrev_, grad_.segment(op.weight, op.in),
                              grad_.segment(op.bias, op.in));
            break;
        }
        delta_.swap(deltaPrev_);
    }
    return result;
}

double Mlp::trainLoss(const Matrix& x, const std::vector<int>& y) const {
    LayerStats stats;
    std::vector<Matrix> acts;
    std::vector<BatchNormCache> caches;
    forward(x, StatsMode::Batch, stats, acts, &caches);
    return lossAndAccuracy(acts.back(), y, nullptr).loss;
}

// The inference passes over whole data sets (population statistics, evaluation) reuse their
// activation matrices, one set per thread and per kind of pass (so the shapes stay the same from
// call to call): fresh matrices of a thousand rows every time came as new pages from the kernel
// and page-faulted, which took ~40 % of a run with the default periodic work.
Evaluation Mlp::evaluate(const Matrix& x, const std::vector<int>& y,
                         const LayerStats& stats) const {
    LayerStats given = stats;
    thread_local std::vector<Matrix> acts;
    forward(x, StatsMode::Given, given, acts, nullptr);
    return lossAndAccuracy(acts.back(), y, nullptr);
}

Evaluation Mlp::evaluateWithBatchStatistics(const Matrix& x, const std::vector<int>& y,
                                            int batchSize) const {
    // Chunks as equal as possible (never a chunk of one sample, whose variance would be 0).
    const Eigen::Index n = x.rows();
    const Eigen::Index chunks = std::max<Eigen::Index>(1, n / batchSize);
    double lossSum = 0.0, correctSum = 0.0;
    LayerStats stats;
    std::vector<Matrix> acts;
    std::vector<BatchNormCache> caches;
    Eigen::Index start = 0;
    for (Eigen::Index c = 0; c < chunks; ++c) {
        const Eigen::Index size = n / chunks + (c < n % chunks ? 1 : 0);
        const std::vector<int> labels(y.begin() + start, y.begin() + start + size);
        forward(x.middleRows(start, size), StatsMode::Batch, stats, acts, &caches);
        const Evaluation e = lossAndAccuracy(acts.back(), labels, nullptr);
        lossSum += e.loss * double(size);
        correctSum += e.accuracy * double(size);
        start += size;
    }
    return {lossSum / double(n), correctSum / double(n)};
}

LayerStats Mlp::populationStatistics(const Matrix& x) const {
    LayerStats stats;
    thread_local std::vector<Matrix> acts;
    // The ops after the last BN layer do not change any statistic.
    forward(x, StatsMode::Population, stats, acts, nullptr, lastBnOp_);
    return stats;
}

PreciseBnSums Mlp::emptyPreciseBnSums(Eigen::Index batchSize) const {
    PreciseBnSums sums;
    sums.batchSize = batchSize;
    for (Eigen::Index features : bnFeatures_) {
        sums.mean.push_back(Vector::Zero(features));
        sums.var.push_back(Vector::Zero(features));
        sums.square.push_back(Vector::Zero(features));
    }
    return sums;
}

PreciseBnEstimate PreciseBnSums::estimate() const {
    PreciseBnEstimate est;
    const double n = double(batches);
    const double m = batches == 0 ? 2.0 : double(batchSize);
    for (std::size_t l = 0; l < mean.size(); ++l) {
        const Vector mu = mean[l] / n;
        est.paper.mean.push_back(mu);
        est.paper.var.push_back(var[l] / n * (m / (m - 1.0)));
        est.pooled.mean.push_back(mu);
        est.pooled.var.push_back((square[l] / n).array() - mu.array().square());
    }
    return est;
}

void Mlp::accumulatePreciseBn(const Matrix& x, Eigen::Index batchSize, PreciseBnSums& sums) const {
    // The same expressions as forward() in training mode, on two ping-pong buffers; the ops
    // after the last BN layer do not matter and are skipped. Buffers are reused per thread.
    thread_local Matrix a, b, segment, segmentOut;
    // A batch's rows stay in place when their columns start as a matrix of their own would
    // (BatchNorm.h): with an even batch size every column of every batch starts on a 16-byte
    // boundary, as in a fresh matrix. With an odd one, each batch is copied into a fresh matrix.
    const bool inPlace = batchSize % 2 == 0;
    thread_local BatchNormCache cache;
    thread_local Vector mean, var;
    const std::size_t last = lastBnOp_;
    const Eigen::Index batches = x.rows() / batchSize;
    const Matrix* in = &x;
    Matrix* out = &a;
    for (std::size_t i = 0; i < last; ++i) {
        const Op& op = ops_[i];
        switch (op.kind) {
        case OpKind::Linear:
            if (kernels_ == KernelPath::Fma || batchSize % 2 == 0) {
                // The fma kernels compute every row on its own (FmaGemm.h).
                kernels::linear(kernels_, *in, params_.data() + op.weight, op.in, op.out,
                                params_.data() + op.bias, *out);
            } else {
                // Eigen's product rounds a row the same way in a batch of its own and in the
                // chunk only if the row keeps its place in Eigen's pairs of rows (SSE2 packets):
                // with an odd batch size, one product per batch.
                out->resize(in->rows(), op.out);
                for (Eigen::Index s = 0; s < batches; ++s)
                    out->middleRows(s * batchSize, batchSize).noalias() =
                        in->middleRows(s * batchSize, batchSize) * weight(op);
                out->rowwise() += vec(op.bias, op.out).transpose();
            }
            break;
        case OpKind::Activation:
            if (config_.activation == Activation::Relu)
                *out = in->cwiseMax(0.0);
            else
                *out = in->array().tanh();
            break;
        case OpKind::BatchNorm: {
            const auto l = std::size_t(op.bn);
            const auto gamma = vec(op.weight, op.in), beta = vec(op.bias, op.in);
            const bool lastBn = i + 1 == last; // only its statistics are needed, not its output
            if (!lastBn)
                out->resize(in->rows(), in->cols());
            for (Eigen::Index s = 0; s < batches; ++s) {
                // Each batch's statistics come from the very code that computes them in
                // training, on the batch in place or on a copy of it (see above).
                const auto rows = in->middleRows(s * batchSize, batchSize);
                if (inPlace) {
                    const ConstMatrixRef batch(rows);
                    if (lastBn)
                        batchStatistics(batch, mean, var, cache.xhat);
                    else
                        batchNormForwardTrain(batch, gamma, beta, config_.bnEpsilon,
                                              MatrixRef(out->middleRows(s * batchSize, batchSize)),
                                              mean, var, cache);
                } else {
                    segment = rows;
                    if (lastBn) {
                        batchStatistics(segment, mean, var, cache.xhat);
                    } else {
                        batchNormForwardTrain(segment, gamma, beta, config_.bnEpsilon, segmentOut,
                                              mean, var, cache);
                        out->middleRows(s * batchSize, batchSize) = segmentOut;
                    }
                }
                sums.mean[l] += mean;
                sums.var[l] += var;
                // E[x²] of the batch = σ²_B + μ_B² (biased variance)
                sums.square[l] += (var.array() + mean.array().square()).matrix();
            }
            break;
        }
        }
        in = out;
        out = out == &a ? &b : &a;
    }
    sums.batches += batches;
}

PreciseBnEstimate Mlp::preciseBn(const std::vector<Matrix>& batches) const {
    PreciseBnSums sums =
        emptyPreciseBnSums(batches.empty() ? 2 : Eigen::Index(batches.front().rows()));
    for (const Matrix& batch : batches)
        accumulatePreciseBn(batch, batch.rows(), sums);
    return sums.estimate();
}

} // namespace bnlab
