#pragma once
// Figures for slides: any plot or the whole dashboard as PNG, JPG, PDF (vector) or SVG, at a
// chosen size and scale, on a white or transparent background, with an optional caption.
// Written atomically (QSaveFile): on failure the message says why and no partial file is left.
#include <QColor>
#include <QSize>
#include <QString>

class QWidget;
class QCustomPlot;

namespace bnlab {

enum class FigureFormat { Png, Jpg, Pdf, Svg };

struct FigureOptions {
    FigureFormat format = FigureFormat::Png;
    QSize size{1600, 900}; // logical size; raster output is size × scale pixels
    double scale = 1.0;    // 1×–4× for sharp slides
    bool transparent = false;
    QString caption; // printed under the figure when not empty
};

// Returns an empty string on success, otherwise a message naming the path and the problem.
QString exportPlot(QCustomPlot* plot, const QString& path, const FigureOptions& options);
QString exportWidget(QWidget* widget, const QString& path, const FigureOptions& options);

FigureFormat figureFormatFromSuffix(const QString& suffix, bool* ok = nullptr);
QString suffixOf(FigureFormat format);

} // namespace bnlab
