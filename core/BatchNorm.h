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

// The batch mean and the *biased* batch variance of each column, and x − μ_B in `centered`.
void batchStatistics(const Matrix& x, Vector& batchMean, Vector& batchVar, Matrix& centered);

// Training-mode forward. Writes the batch mean and the *biased* batch variance (batchStatistics).
void batchNormForwardTrain(const Matrix& x, ConstVectorRef gamma, ConstVectorRef beta, double eps,
                           Matrix& y, Vector& batchMean, Vector& batchVar, BatchNormCache& cache);

// Inference-mode forward with given statistics (running, population or PreciseBN).
void batchNormForwardInference(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                               ConstVectorRef gamma, ConstVectorRef beta, double eps, Matrix& y);

// Exact gradient of the training-mode forward (the batch statistics depend on x):
//   dx = (γ·invStd / m) · (m·dy − Σdy − x̂·Σ(dy·x̂))
void batchNormBackward(const Matrix& dy, ConstVectorRef gamma, const BatchNormCache& cache,
                       Matrix& dx, Eigen::Ref<Vector> dgamma, Eigen::Ref<Vector> dbeta);

} // namespace bnlab
