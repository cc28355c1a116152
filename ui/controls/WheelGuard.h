#pragma once
// In a scrolling panel the mouse wheel scrolls the panel. A combo box, spin box or slider under
// the pointer reacts to the wheel only once it has keyboard focus (clicked or tabbed into):
// otherwise scrolling past it would silently change the setting it shows.
#include <QObject>

class QWidget;

namespace bnlab {

class WheelGuard : public QObject {
  public:
    // Guards every combo box, spin box and slider inside `panel` now (call once per panel).
    static void install(QWidget* panel);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    explicit WheelGuard(QObject* parent) : QObject(parent) {}
};

} // namespace bnlab
