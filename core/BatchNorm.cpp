#include "BatchNorm.h"

namespace bnlab {

void batchStatistics(const Matrix& x, Vector& batchMean, Vector& batchVar, Matrix& centered) {
    const double m = double(x.rows());
    batchMean = x.colwise().sum().transpose() / m;
    centered = x.rowwise() - batchMean.transpose();
    batchVar = centered.colwise().squaredNorm().transpose() / m;
}

void batchNormForwardTrain(const Matrix& x, ConstVectorRef gamma, ConstVectorRef beta, double eps,
                           Matrix& y, Vector& batchMean, Vector& batchVar, BatchNormCache& cache) {
    batchStatistics(x, batchMean, batchVar, cache.xhat);
    cache.invStd = (batchVar.array() + eps).rsqrt();
    cache.xhat.array().rowwise() *= cache.invStd.transpose().array();
    y = (cache.xhat.array().rowwise() * gamma.transpose().array()).rowwise() +
        beta.transpose().array();
}

void batchNormForwardInference(const Matrix& x, ConstVectorRef mean, ConstVectorRef var,
                               ConstVectorRef gamma, ConstVectorRef beta, double eps, Matrix& y) {
    // Folded into one scale and shift per feature, as deployed networks do.
    const Eigen::ArrayXd scale = gamma.array() * (var.array() + eps).rsqrt();
    const Eigen::ArrayXd shift = beta.array() - mean.array() * scale;
    y = (x.array().rowwise() * scale.transpose()).rowwise() + shift.transpose();
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
