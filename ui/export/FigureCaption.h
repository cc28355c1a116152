#pragma once
// The caption printed under an exported figure, so a slide says what it shows:
// "moons · batch size 32 · BN momentum slider β = 0.99, compared β = 0.5, 0.9 (Keras) ·
//  3000 steps · seed 1". Also the pieces of default export file names.
#include "Config.h"
#include "Trainer.h"
#include "ViewSettings.h"

#include <QString>

namespace bnlab {

QString figureCaption(const TrainingConfig& config, const RunInfo& info, const ViewSettings& view,
                      long steps);
// "beta0.99" or "alpha0.01": the slider's momentum, safe in a file name.
QString momentumFileTag(const ViewSettings& view);
// A lesson id or dataset name made safe for a file name ("03-momentum-tradeoff", "moons").
QString fileSafe(const QString& text);

} // namespace bnlab
