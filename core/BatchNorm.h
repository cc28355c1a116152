#pragma once
// Batch Normalization (Ioffe & Szegedy 2015), one feature per column, one sample per row.
//
// Training:  μ_B = mean(x), σ²_B = mean((x − μ_B)²)          (biased, as every framework does)
//            x̂ = (x − μ_B) / sqrt(σ²_B + ε),  y = γ·x̂ + β
// Inference: the same with population (running) statistics instead of μ_B, σ²_B.
#include <Eigen/Core>

namespace bnlab {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using ConstVectorRef = Eigen::Ref<const Vector>;

// What the backward pass needs from the forward pass.
struct BatchNormCache {
    Matrix xhat;   // normalized input
    Vector invStd; // 1 / sqrt(σ²_B + ε)
};

// A batch in place: a whole matrix, or consecutive rows of one (PreciseBN's batches inside a
// chunk), without a copy.
using ConstMatrixRef = Eigen::Ref<const Matrix, 0, Eigen::OuterStride<>>;
using MatrixRef = Eigen::Ref<Matrix, 0, Eigen::OuterStride<>>;

// The batch mean and the *biased* batch variance of each column, and x − μ_B in `centered`.
// Eigen sums a column in an order that depends on where the column starts in memory (its
// packets begin at the first 16-byte boundary): rows of a larger matrix give the bits of the same
// rows in a matrix of their own when their columns start equally aligned.
void batchStatistics(const Matrix& x, Vector& batchMean, Vector& batchVar, Matrix& centered);
void batchStatistics(const ConstMatrixRef& x, Vector& batchMean, Vector& batchVar,
                     Matrix& centered);

// The *biased* variance of each column of x about the given column means, for a population
// pass over a whole data set: Σᵢ (xᵢⱼ − μⱼ)² / n, each column's sum taken row by row in order.
// Bit for bit the values of Eigen's (x.rowwise() − μᵀ).colwise().squaredNorm() / n, computed
// several columns at a time (see BatchNorm.cpp).
void populationVariance(const Matrix& x, const Vector& mean, Vector& var);

// Training-mode forward. Writes the batch mean and the *biased* batch variance (batchStatistics).
// (Training's own batches are whole matrices: their code is compiled for that, about 8 % faster.)
void batchNormForwardTrain(const Matrix& x, ConstVectorRef gamma, ConstVectorRef beta, double eps,
                           Matrix& y, Vector& batchMean, Vector& batchVar, BatchNormCache& cache);
// The same into y's place, which has x's shape (rows of a larger matrix).
void batchNormForwardTrain(const ConstMatrixRef& x, ConstVectorRef gamma, ConstVectorRef beta,
                           double eps, MatrixRef y, Vector& batchMean, Vector& batchVar,
                           BatchNormCache& cache);

// Inference-mode forward with given statistics (running, population or PreciseBN).
void batchNormForwardInference(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                               ConstVectorRef gamma, ConstVectorRef beta, double eps, Matrix& y);

// The same followed by ReLU, in one pass over the data (inference passes over whole data sets
// spent about 15 % of their time writing and reading again the BN output the ReLU replaced).
// The same values as max(0, batchNormForwardInference(…)), element by element.
void batchNormForwardInferenceRelu(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                                   ConstVectorRef gamma, ConstVectorRef beta, double eps,
                                   Matrix& y);

// Exact gradient of the training-mode forward (the batch statistics depend on x):
//   dx = (γ·invStd / m) · (m·dy − Σdy − x̂·Σ(dy·x̂))
void batchNormBackward(const Matrix& dy, ConstVectorRef gamma, const BatchNormCache& cache,
                       Matrix& dx, Eigen::Ref<Vector> dgamma, Eigen::Ref<Vector> dbeta);

} // namespace bnlab
