#include "ScreenFit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>
#include <algorithm>

namespace bnlab::screen_fit {

QRect availableArea(const QWidget* widget) {
    const QScreen* screen = widget ? widget->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    return screen ? screen->availableGeometry() : QRect(0, 0, 1280, 720);
}

bool fits(const QRect& frame, const QRect& available) {
    return frame.isValid() && available.contains(frame);
}

double presentationScale(const QRect& screen) {
    return std::clamp(screen.height() / 675.0, 1.0, 2.5);
}

int controlsDockWidth(int windowWidth) {
    return std::clamp(windowWidth * 21 / 100, 230, 360);
}

int lessonDockWidth(int windowWidth) {
    return std::clamp(windowWidth * 21 / 100, 230, 380);
}

} // namespace bnlab::screen_fit
