#pragma once
// The headless run's figures: the same Dashboard the window shows, never shown, exported one
// plot at a time (mean, variance, error, accuracy) and whole (dashboard), in each format.
// Needs a QApplication (the offscreen platform is enough).
#include "FigureExport.h"
#include "History.h"
#include "Reevaluator.h"
#include "Trainer.h"
#include "ViewSettings.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace bnlab {

struct FigureRequest {
    QString directory;
    std::vector<FigureFormat> formats;
    double scale = 1.0;
    QString caption;
};

// Writes the figures; `written` receives each file's name. Returns an empty string, or the
// message of the first file that could not be written.
// `bank` is the run's estimator bank, `sliderAccuracy` the slider's validation accuracy (used
// when the slider is not one of the bank's estimators).
QString writeFigures(const RunInfo& info, const History& history, const ViewSettings& view,
                     const std::vector<EstimatorSpec>& bank,
                     const std::vector<ReevaluatedPoint>& sliderAccuracy,
                     const FigureRequest& request, QStringList& written);

} // namespace bnlab
