#pragma once
// The drawing half of figure export, for callers that want an image rather than a file
// (copy to clipboard). Same rules as exportPlot: no hover cursor, no selection, vector text.
#include "FigureExport.h"

#include <QImage>

class QCustomPlot;

namespace bnlab {

// The plot at options.size × options.scale pixels, with the caption if any.
QImage renderPlotImage(QCustomPlot* plot, const FigureOptions& options);

} // namespace bnlab
