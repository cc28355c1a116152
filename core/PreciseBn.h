#pragma once
// PreciseBN (the BN paper's Algorithm 2): N random training batches through the training-mode
// network with the weights frozen. The batches go through in chunks of at most
// PreciseBnChunkSamples samples, one forward pass per chunk, so a pass holds a bounded amount of
// memory however many batches it averages.
#include "Config.h"
#include "Mlp.h"
#include "Rng.h"

#include <cstddef>

namespace bnlab {

// Samples per forward pass of PreciseBN (rounded down to whole batches, at least one batch).
inline constexpr Eigen::Index PreciseBnChunkSamples = 2048;
Eigen::Index preciseBnBatchesPerChunk(int batchSize);

// Draws `batches` batches of `batchSize` rows of x (each a fresh random choice without
// replacement, Rng::sampleToFront on one arrangement of the row indices kept across batches) and
// returns both PreciseBN estimators.
PreciseBnEstimate estimatePreciseBn(const Mlp& model, const Matrix& x, int batches, int batchSize,
                                    Rng& rng);

// The most heap memory, in bytes, that one PreciseBN pass of this configuration holds at once
// (the row indices, one chunk of samples, the activations of its forward pass and the sums),
// whatever the number of batches. `inputs` and `classes` describe the data, `trainingSamples` the
// training set.
std::size_t preciseBnPassMaxBytes(const TrainingConfig& config, Eigen::Index inputs, int classes,
                                  long trainingSamples);

} // namespace bnlab
