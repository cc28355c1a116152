#pragma once
// The application's widget style: Fusion, which follows the palette everywhere (the dark and
// high-contrast themes need that), with check boxes drawn to be seen in every theme. Fusion
// outlines an unticked box in a darker shade of the window colour: about 1.9:1 against the list
// in the light theme and invisible (1.0:1) in the dark one. Here the outline is the text colour,
// softened, at least 3:1 against the field behind it.
#include <QProxyStyle>

namespace bnlab {

class ApplicationStyle : public QProxyStyle {
    Q_OBJECT
  public:
    ApplicationStyle();
    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;

    // Makes the application use it (once; later calls keep the one in place).
    static void install();
};

} // namespace bnlab
