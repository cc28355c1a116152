#pragma once
// Sizes that follow the screen the window opens on: classroom projectors are 1280×720,
// 1366×768 or 1920×1080, student laptops 1366×768. What works only on a large monitor does not
// work, so nothing here is a fixed pixel size.
#include <QRect>

class QScreen;
class QWidget;

namespace bnlab {

namespace screen_fit {

// The available area of the screen `widget` is on (or the primary screen).
QRect availableArea(const QWidget* widget);
// Whether a remembered frame geometry still fits that area.
bool fits(const QRect& frame, const QRect& available);
// Fonts and lines in presentation mode grow with the screen's height in logical pixels:
// 1.0 for 675 px, about 1.07 at 720, 1.14 at 768 and 1.6 at 1080 (4K at 200 % is 1080).
double presentationScale(const QRect& screen);
// Widths of the Controls and Lesson docks for a window this wide: a share of it, so the plots
// keep most of a narrow screen.
int controlsDockWidth(int windowWidth);
int lessonDockWidth(int windowWidth);

} // namespace screen_fit

} // namespace bnlab
