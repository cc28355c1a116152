#pragma once
// Evaluates recorded weight snapshots with any BN statistics, so the validation accuracy under
// a momentum that was never tracked online can be computed without retraining. Immutable once
// built: safe to share with a background thread.
#include "Mlp.h"
#include "Trainer.h"

namespace bnlab {

class SnapshotEvaluator {
  public:
    explicit SnapshotEvaluator(const Trainer& trainer);
    Evaluation evaluate(long step, const Vector& weights, const LayerStats& stats) const;

  private:
    Mlp model_;
    Matrix validation_, shiftedValidation_;
    std::vector<int> labels_;
    DistributionShift shift_;
};

} // namespace bnlab
