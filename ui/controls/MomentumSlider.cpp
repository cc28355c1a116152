#include "MomentumSlider.h"

#include "MomentumScale.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <algorithm>

namespace bnlab {

namespace ms = momentum_scale;

// The window 1/(1−β) written under the slider at every decade, aligned with the tick marks.
class MomentumScaleLabels : public QWidget {
  public:
    explicit MomentumScaleLabels(QSlider* slider, QWidget* parent)
        : QWidget(parent), slider_(slider) {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    QSize sizeHint() const override { return {200, fontMetrics().height() + 4}; }
    QSize minimumSizeHint() const override { return sizeHint(); }

  protected:
    void paintEvent(QPaintEvent*) override {
        QStyleOptionSlider opt;
        opt.initFrom(slider_);
        opt.orientation = Qt::Horizontal;
        opt.minimum = slider_->minimum();
        opt.maximum = slider_->maximum();
        opt.sliderPosition = opt.minimum;
        const QRect handle = slider_->style()->subControlRect(QStyle::CC_Slider, &opt,
                                                              QStyle::SC_SliderHandle, slider_);
        const int span = slider_->width() - handle.width();
        QPainter p(this);
        p.setPen(palette().color(QPalette::WindowText));
        const QFontMetrics fm = fontMetrics();
        const int perDecade = (ms::positionCount() - 1) / 4;
        const int offset = slider_->mapTo(parentWidget(), QPoint()).x() - x();
        for (int d = 0; d <= 4; ++d) {
            const int value = d * perDecade;
            const int cx = offset + handle.width() / 2 +
                           QStyle::sliderPositionFromValue(opt.minimum, opt.maximum, value, span);
            QString text = ms::windowSteps(ms::decayAt(value));
            if (d == 0)
                text = QStringLiteral("window 1 step");
            else if (d == 4)
                text += QStringLiteral(" steps");
            const int w = fm.horizontalAdvance(text);
            int left = cx - w / 2;
            left = std::clamp(left, 0, width() - w);
            p.drawText(QRect(left, 0, w, height()), Qt::AlignCenter, text);
        }
    }

  private:
    QSlider* slider_;
};

namespace {
// Shows "0.99", not "0.99000", and is wide enough for the longest value it can show
// ("β = 0.99975"): Qt sizes a spin box from its minimum and maximum only.
class MomentumSpinBox : public QDoubleSpinBox {
  public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return ms::formatMomentum(value); }
    QSize sizeHint() const override {
        QSize size = QDoubleSpinBox::sizeHint();
        const int text = fontMetrics().horizontalAdvance(prefix() + QStringLiteral("0.000009"));
        size.setWidth(std::max(size.width(), text + 40)); // + frame and arrows
        return size;
    }
    QSize minimumSizeHint() const override { return sizeHint(); }
};
} // namespace

MomentumSlider::MomentumSlider(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("momentumSlider"));
    title_ = new QLabel(tr("<b>BN momentum</b>"), this);
    title_->setToolTip(tr("How fast BatchNorm's running statistics follow the batches — "
                          "not the optimizer's SGD momentum."));

    conventionBox_ = new QComboBox(this);
    conventionBox_->setObjectName(QStringLiteral("conventionBox"));
    conventionBox_->addItem(tr("Keras β"), int(Convention::Keras));
    conventionBox_->addItem(tr("PyTorch α"), int(Convention::PyTorch));
    conventionBox_->setToolTip(tr("Which number the slider speaks: Keras' decay β or PyTorch's "
                                  "update weight α = 1 − β (the same average). Each convention "
                                  "also keeps its own variance: Keras the biased σ², PyTorch "
                                  "the unbiased m/(m−1)·σ²."));

    valueBox_ = new MomentumSpinBox(this);
    valueBox_->setObjectName(QStringLiteral("momentumValueBox"));
    valueBox_->setDecimals(5);
    valueBox_->setSingleStep(0.001);
    valueBox_->setKeyboardTracking(false);
    valueBox_->setToolTip(tr("Type an exact BN momentum in the chosen convention."));

    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName(QStringLiteral("momentumSliderHandle"));
    slider_->setRange(0, ms::positionCount() - 1);
    slider_->setSingleStep(1);
    slider_->setPageStep(3);
    slider_->setTickPosition(QSlider::TicksBelow);
    slider_->setTickInterval((ms::positionCount() - 1) / 4);
    // The arrow keys step training (→) wherever the teacher clicked last; the keyboard moves
    // this slider with [ and ].
    slider_->setFocusPolicy(Qt::NoFocus);
    slider_->setToolTip(tr("Drag to replay every running-statistics curve with another BN "
                           "momentum — training is not restarted."));

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("momentumSummary"));
    summary_->setTextFormat(Qt::PlainText);
    // It never forces the window wider (the docks and plots need the room on a small screen).
    summary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    summary_->setToolTip(tr("The same BN momentum in both conventions, and how many recent "
                            "steps the running average effectively remembers."));

    labels_ = new MomentumScaleLabels(slider_, this);

    auto* top = new QHBoxLayout;
    top->addWidget(title_);
    top->addWidget(conventionBox_);
    top->addWidget(valueBox_);
    top->addSpacing(10);
    top->addWidget(summary_, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(slider_);
    layout->addWidget(labels_);

    connect(slider_, &QSlider::valueChanged, this,
            [this](int position) { setDecay(ms::decayAt(position), true); });
    connect(valueBox_, &QDoubleSpinBox::valueChanged, this,
            [this](double value) { setDecay(ms::decayFromMomentum(convention_, value), true); });
    connect(conventionBox_, &QComboBox::activated, this, [this](int index) {
        const auto convention = Convention(conventionBox_->itemData(index).toInt());
        if (convention == convention_)
            return;
        setConvention(convention);
        emit conventionChanged(convention);
    });

    noteTimer_.setSingleShot(true);
    connect(&noteTimer_, &QTimer::timeout, this, [this] {
        note_.clear();
        summary_->setText(summaryText());
    });
    applySliderStyle();
    showDecay();
}

double MomentumSlider::momentum() const {
    return ms::momentumFromDecay(convention_, beta_);
}

int MomentumSlider::position() const {
    return slider_->value();
}

void MomentumSlider::setConvention(Convention convention) {
    convention_ = convention;
    showDecay();
}

void MomentumSlider::setMomentum(double momentumInConvention) {
    setDecay(ms::decayFromMomentum(convention_, momentumInConvention), false);
}

void MomentumSlider::stepBy(int positions) {
    slider_->setValue(slider_->value() + positions); // emits through valueChanged
}

void MomentumSlider::setDecay(double beta, bool notify) {
    beta_ = ms::decayFromMomentum(convention_, ms::momentumFromDecay(convention_, beta));
    showDecay();
    if (notify)
        emit momentumChanged(momentum());
}

void MomentumSlider::showDecay() {
    const QSignalBlocker blockSlider(slider_);
    const QSignalBlocker blockBox(valueBox_);
    const QSignalBlocker blockCombo(conventionBox_);
    conventionBox_->setCurrentIndex(conventionBox_->findData(int(convention_)));
    if (convention_ == Convention::PyTorch) {
        valueBox_->setRange(0.0001, 1.0);
        valueBox_->setPrefix(QStringLiteral("α = "));
    } else {
        valueBox_->setRange(0.0, 0.9999);
        valueBox_->setPrefix(QStringLiteral("β = "));
    }
    valueBox_->setValue(momentum());
    slider_->setValue(ms::positionOfDecay(beta_));
    summary_->setText(summaryText());
}

QString MomentumSlider::summaryText() const {
    if (!note_.isEmpty())
        return note_;
    return tr("%1 · %2").arg(ms::bothConventions(beta_), ms::windowPhrase(beta_));
}

void MomentumSlider::showNote(const QString& note, int msecs) {
    note_ = note;
    summary_->setText(summaryText());
    summary_->setToolTip(note);
    noteTimer_.start(msecs);
}

void MomentumSlider::setPresentationScale(double scale) {
    scale_ = scale;
    applySliderStyle();
    labels_->updateGeometry();
}

void MomentumSlider::applySliderStyle() {
    // A large handle the back of the room can see; colours follow the palette (light/dark).
    const int groove = int(7 * scale_);
    const int handle = int(22 * scale_);
    slider_->setStyleSheet(
        QStringLiteral(
            "QSlider::groove:horizontal { height: %1px; border-radius: %2px;"
            "  background: palette(mid); }"
            "QSlider::sub-page:horizontal { height: %1px; border-radius: %2px;"
            "  background: #D55E00; }"
            "QSlider::handle:horizontal { width: %3px; margin: -%4px 0; border-radius: %5px;"
            "  background: palette(button); border: 3px solid #D55E00; }")
            .arg(groove)
            .arg(groove / 2)
            .arg(handle)
            .arg((handle - groove) / 2)
            .arg(handle / 2));
    slider_->setMinimumHeight(handle + 6);
}

} // namespace bnlab
