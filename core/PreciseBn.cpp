#include "PreciseBn.h"

#include <algorithm>
#include <numeric>

namespace bnlab {

Eigen::Index preciseBnBatchesPerChunk(int batchSize) {
    return std::max<Eigen::Index>(1, PreciseBnChunkSamples / std::max(1, batchSize));
}

PreciseBnEstimate estimatePreciseBn(const Mlp& model, const Matrix& x, int batches, int batchSize,
                                    Rng& rng) {
    const Eigen::Index m = batchSize;
    const Eigen::Index perChunk = preciseBnBatchesPerChunk(batchSize);
    PreciseBnSums sums = model.emptyPreciseBnSums(m);
    std::vector<Eigen::Index> rows(std::size_t(x.rows()));
    std::iota(rows.begin(), rows.end(), Eigen::Index(0));
    Matrix chunk;
    for (long done = 0; done < batches;) {
        const Eigen::Index inChunk = std::min<Eigen::Index>(perChunk, batches - done);
        chunk.resize(inChunk * m, x.cols());
        for (Eigen::Index b = 0; b < inChunk; ++b) {
            // m rows drawn without replacement (m draws, not one per training row: on large
            // data a shuffle per batch would cost more than the forward pass).
            rng.sampleToFront(rows, std::size_t(m));
            for (Eigen::Index i = 0; i < m; ++i)
                chunk.row(b * m + i) = x.row(rows[std::size_t(i)]);
        }
        model.accumulatePreciseBn(chunk, m, sums);
        done += long(inChunk);
    }
    return sums.estimate();
}

std::size_t preciseBnPassMaxBytes(const TrainingConfig& config, Eigen::Index inputs, int classes,
                                  long trainingSamples) {
    (void)classes; // the layers after the last BN layer are not computed
    const auto d = sizeof(double);
    const Eigen::Index m = config.batchSize;
    const Eigen::Index chunkRows = preciseBnBatchesPerChunk(config.batchSize) * m;
    Eigen::Index widest = inputs, widestBn = config.model.inputBn ? inputs : 0, bnFeatures = 0;
    if (config.model.inputBn)
        bnFeatures += inputs;
    for (int h : config.model.hidden) {
        widest = std::max<Eigen::Index>(widest, h);
        if (config.model.hiddenBn) {
            widestBn = std::max<Eigen::Index>(widestBn, h);
            bnFeatures += h;
        }
    }
    std::size_t bytes = std::size_t(trainingSamples) * sizeof(Eigen::Index); // row indices
    bytes += std::size_t(chunkRows * inputs) * d;                            // the chunk
    bytes += 2 * std::size_t(chunkRows * widest) * d; // ping-pong activations
    bytes += 3 * std::size_t(m * widestBn) * d;       // one batch, its output, x̂
    bytes += 3 * std::size_t(widestBn) * d;           // μ_B, σ²_B, 1/σ_B
    bytes += (3 + 4) * std::size_t(bnFeatures) * d;   // the sums, the two estimates
    return bytes;
}

} // namespace bnlab
