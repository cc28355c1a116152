#include "BatchNorm.h"

#include <algorithm>

namespace bnlab {

namespace {
// One body for whole matrices and for rows of one (BatchNorm.h).
template <class Input>
void batchStatisticsOf(const Input& x, Vector& batchMean, Vector& batchVar, Matrix& centered) {
    const double m = double(x.rows());
    batchMean = x.colwise().sum().transpose() / m;
    centered = x.rowwise() - batchMean.transpose();
    batchVar = centered.colwise().squaredNorm().transpose() / m;
}

template <class Input, class Output>
void forwardTrain(const Input& x, ConstVectorRef gamma, ConstVectorRef beta, double eps, Output&& y,
                  Vector& batchMean, Vector& batchVar, BatchNormCache& cache) {
    batchStatisticsOf(x, batchMean, batchVar, cache.xhat);
    cache.invStd = (batchVar.array() + eps).rsqrt();
    cache.xhat.array().rowwise() *= cache.invStd.transpose().array();
    y = (cache.xhat.array().rowwise() * gamma.transpose().array()).rowwise() +
        beta.transpose().array();
}
} // namespace

void batchStatistics(const Matrix& x, Vector& batchMean, Vector& batchVar, Matrix& centered) {
    batchStatisticsOf(x, batchMean, batchVar, centered);
}

void batchStatistics(const ConstMatrixRef& x, Vector& batchMean, Vector& batchVar,
                     Matrix& centered) {
    batchStatisticsOf(x, batchMean, batchVar, centered);
}

void populationVariance(const Matrix& x, const Vector& mean, Vector& var) {
    // Eigen sums such an expression row after row, one addition waiting for the one before:
    // over a data set of a thousand rows the adder idles most of the time. The same additions in
    // the same order, for eight columns at once, are eight independent chains the CPU overlaps
    // (over a third of the population pass's time went here).
    constexpr Eigen::Index Chains = 8;
    const Eigen::Index n = x.rows(), cols = x.cols();
    var.resize(cols);
    if (n == 0) {
        var.setZero(); // an empty sum, divided by n = 0 as Eigen's expression divides it
        var /= double(n);
        return;
    }
    for (Eigen::Index c0 = 0; c0 < cols; c0 += Chains) {
        const Eigen::Index k = std::min(Chains, cols - c0);
        const double* column[Chains];
        double mu[Chains], sum[Chains];
        for (Eigen::Index j = 0; j < k; ++j) {
            column[j] = x.data() + (c0 + j) * n;
            mu[j] = mean[c0 + j];
            const double d = column[j][0] - mu[j];
            sum[j] = d * d; // Eigen starts from the first term, not from 0 + it (the same bits)
        }
        if (k == Chains) {
            for (Eigen::Index i = 1; i < n; ++i)
                for (Eigen::Index j = 0; j < Chains; ++j) {
                    const double d = column[j][i] - mu[j];
                    sum[j] += d * d;
                }
        } else {
            for (Eigen::Index i = 1; i < n; ++i)
                for (Eigen::Index j = 0; j < k; ++j) {
                    const double d = column[j][i] - mu[j];
                    sum[j] += d * d;
                }
        }
        for (Eigen::Index j = 0; j < k; ++j)
            var[c0 + j] = sum[j] / double(n);
    }
}

void batchNormForwardTrain(const ConstMatrixRef& x, ConstVectorRef gamma, ConstVectorRef beta,
                           double eps, MatrixRef y, Vector& batchMean, Vector& batchVar,
                           BatchNormCache& cache) {
    forwardTrain(x, gamma, beta, eps, y, batchMean, batchVar, cache);
}

void batchNormForwardTrain(const Matrix& x, ConstVectorRef gamma, ConstVectorRef beta, double eps,
                           Matrix& y, Vector& batchMean, Vector& batchVar, BatchNormCache& cache) {
    forwardTrain(x, gamma, beta, eps, y, batchMean, batchVar, cache);
}

void batchNormForwardInference(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                               ConstVectorRef gamma, ConstVectorRef beta, double eps, Matrix& y) {
    // Folded into one scale and shift per feature, as deployed networks do.
    const Eigen::ArrayXd scale = gamma.array() * (var.array() + eps).rsqrt();
    const Eigen::ArrayXd shift = beta.array() - mean.array() * scale;
    y = (x.array().rowwise() * scale.transpose()).rowwise() + shift.transpose();
}

void batchNormForwardInferenceRelu(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                                   ConstVectorRef gamma, ConstVectorRef beta, double eps,
                                   Matrix& y) {
    const Eigen::ArrayXd scale = gamma.array() * (var.array() + eps).rsqrt();
    const Eigen::ArrayXd shift = beta.array() - mean.array() * scale;
    y = ((x.array().rowwise() * scale.transpose()).rowwise() + shift.transpose())
            .matrix()
            .cwiseMax(0.0);
}

void batchNormBackward(const Matrix& dy, ConstVectorRef gamma, const BatchNormCache& cache,
                       Matrix& dx, Eigen::Ref<Vector> dgamma, Eigen::Ref<Vector> dbeta) {
    const double m = double(dy.rows());
    dbeta = dy.colwise().sum().transpose();
    dgamma = (dy.array() * cache.xhat.array()).colwise().sum().transpose();
    // dx̂ = dy·γ; dx = invStd/m · (m·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)), with Σdx̂ = γ·dβ, Σ(dx̂·x̂) = γ·dγ.
    const Eigen::ArrayXd g = gamma.array();
    const Eigen::ArrayXd coef = g * cache.invStd.array() / m;
    dx = ((dy.array() * m).rowwise() - dbeta.transpose().array() -
          cache.xhat.array().rowwise() * dgamma.transpose().array())
             .rowwise() *
         coef.transpose();
}

} // namespace bnlab
