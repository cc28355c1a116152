#pragma once
// Colours and sizes of everything on screen. Series use the Okabe–Ito palette, which stays
// distinguishable for the common forms of colour blindness and on washed-out projectors.
#include <QColor>
#include <QFont>
#include <QPalette>

namespace bnlab {

// The eight Okabe–Ito colours, in their usual order.
enum class OkabeIto {
    Black,
    Orange,
    SkyBlue,
    BluishGreen,
    Yellow,
    Blue,
    Vermillion,
    ReddishPurple
};
QColor okabeIto(OkabeIto colour);

struct Theme {
    bool dark = false;
    double scale = 1.0; // fonts and line widths grow by this factor (presentation: from the screen)
    bool highContrast = false;

    QColor background() const;
    QColor foreground() const; // text, axes, and the population line
    QColor grid() const;
    QColor subGrid() const;
    QColor batchDots() const; // the faint per-step batch statistics (translucent)
    QColor mutedText() const; // switched-off legend entries
    QColor lossLine() const;
    QColor legendBackground() const;
    // The slider's momentum: always the same colour so students can find it in every plot.
    QColor slider() const;
    // The i-th compared momentum (cycles through the remaining Okabe–Ito colours).
    QColor compared(int index) const;
    QColor preciseBn() const;

    double plotFontPointSize() const;  // axis labels, legends
    double titleFontPointSize() const; // plot titles
    QFont plotFont() const;
    QFont titleFont() const;
    double lineWidth(double normal) const { return normal * scale; }

    // Window colours for the whole application (Fusion style).
    QPalette windowPalette() const;
};

} // namespace bnlab
