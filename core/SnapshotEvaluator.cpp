#include "SnapshotEvaluator.h"

namespace bnlab {

SnapshotEvaluator::SnapshotEvaluator(const Trainer& trainer)
    : model_(trainer.model()), validation_(trainer.validationSet().x),
      labels_(trainer.validationSet().y), shift_(trainer.config().shift) {
    if (shift_.enabled)
        shiftedValidation_ = trainer.validationInputs(shift_.atStep);
}

Evaluation SnapshotEvaluator::evaluate(long step, const Vector& weights,
                                       const LayerStats& stats) const {
    Mlp model = model_; // a private copy: the evaluator itself stays immutable
    model.parameters() = weights;
    const bool shifted = shift_.enabled && step >= shift_.atStep;
    return model.evaluate(shifted ? shiftedValidation_ : validation_, labels_, stats);
}

} // namespace bnlab
