#include "Theme.h"

#include <QGuiApplication>
#include <array>
#include <cmath>

namespace bnlab {

QColor okabeIto(OkabeIto colour) {
    static const std::array<QColor, 8> colours{
        QColor(0, 0, 0),      QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 158, 115),
        QColor(240, 228, 66), QColor(0, 114, 178), QColor(213, 94, 0),   QColor(204, 121, 167)};
    return colours[std::size_t(colour)];
}

QColor Theme::background() const {
    if (dark)
        return highContrast ? QColor(0, 0, 0) : QColor(30, 32, 36);
    return QColor(255, 255, 255);
}

QColor Theme::foreground() const {
    if (dark)
        return highContrast ? QColor(255, 255, 255) : QColor(235, 235, 235);
    return QColor(0, 0, 0);
}

QColor Theme::grid() const {
    if (dark)
        return highContrast ? QColor(90, 90, 90) : QColor(70, 72, 78);
    return highContrast ? QColor(170, 170, 170) : QColor(215, 215, 215);
}

QColor Theme::subGrid() const {
    if (dark)
        return QColor(50, 52, 56);
    return QColor(238, 238, 238);
}

QColor Theme::batchDots() const {
    // Translucent: thousands of dots build up a soft band that shows the batches' spread,
    // never a solid block hiding the curves drawn above it.
    return dark ? QColor(150, 152, 158, 110) : QColor(120, 120, 120, 70);
}

QColor Theme::mutedText() const {
    return dark ? QColor(150, 152, 158) : QColor(150, 150, 150);
}

QColor Theme::lossLine() const {
    return dark ? QColor(120, 120, 120) : QColor(185, 185, 185);
}

QColor Theme::legendBackground() const {
    QColor c = background();
    c.setAlpha(230);
    return c;
}

QColor Theme::slider() const {
    return okabeIto(OkabeIto::Vermillion);
}

QColor Theme::compared(int index) const {
    // Sky blue, green, purple and blue: each stays apart from the slider's vermillion, from the
    // black population and from each other on a washed-out projector. The lightest goes to the
    // first (usually the smallest, noisiest) momentum, so its noise recedes. Yellow last: it is
    // the weakest on a white background; orange, the closest to vermillion, late too.
    static const std::array<OkabeIto, 6> order{OkabeIto::SkyBlue,       OkabeIto::BluishGreen,
                                               OkabeIto::ReddishPurple, OkabeIto::Blue,
                                               OkabeIto::Orange,        OkabeIto::Yellow};
    QColor c = okabeIto(order[std::size_t(index) % order.size()]);
    if (!dark && c == okabeIto(OkabeIto::Yellow))
        c = c.darker(125); // still yellow, but visible on white
    return c;
}

QColor Theme::preciseBn() const {
    return foreground();
}

double Theme::plotFontPointSize() const {
    return 11.0 * scale;
}
double Theme::titleFontPointSize() const {
    return 12.5 * scale;
}

QFont Theme::plotFont() const {
    QFont f = QGuiApplication::font();
    f.setPointSizeF(plotFontPointSize());
    return f;
}

QFont Theme::titleFont() const {
    QFont f = plotFont();
    f.setPointSizeF(titleFontPointSize());
    f.setBold(true);
    return f;
}

QPalette Theme::windowPalette() const {
    QPalette p;
    if (!dark) {
        if (!highContrast)
            return p; // the style's own light palette
        p.setColor(QPalette::WindowText, Qt::black);
        p.setColor(QPalette::Text, Qt::black);
        p.setColor(QPalette::ButtonText, Qt::black);
        p.setColor(QPalette::Window, Qt::white);
        p.setColor(QPalette::Base, Qt::white);
        return p;
    }
    const QColor window = highContrast ? QColor(0, 0, 0) : QColor(40, 42, 46);
    const QColor base = highContrast ? QColor(0, 0, 0) : QColor(30, 32, 36);
    const QColor text = foreground();
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window.lighter(115));
    p.setColor(QPalette::ToolTipBase, QColor(60, 62, 66));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(55, 57, 62));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, okabeIto(OkabeIto::Vermillion));
    p.setColor(QPalette::Link, okabeIto(OkabeIto::SkyBlue));
    p.setColor(QPalette::Highlight, okabeIto(OkabeIto::Blue));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    return p;
}

} // namespace bnlab
