#include "ControlPanel.h"

#include "ControlForm.h"
#include "Lesson.h"
#include "TrainingControls.h"
#include "ViewControls.h"
#include "WheelGuard.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace bnlab {

// The parts of the panel: its sections' rows, the view section, the training setup's sections
// and the Apply bar.
struct ControlPanel::Controls {
    std::unique_ptr<ControlForm> form; // made once the sections' layout exists
    ViewControls view;
    TrainingControls training;
    QPushButton* apply = nullptr;
    QLabel* pending = nullptr;
    QLabel* error = nullptr;
};

// ---- Construction -----------------------------------------------------------------------------

ControlPanel::ControlPanel(QWidget* parent) : QWidget(parent), c_(std::make_unique<Controls>()) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget;
    auto* sections = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    c_->form = std::make_unique<ControlForm>(sections);
    c_->view.build(
        *c_->form, this, [this] { viewEdited(); }, [this] { layerChosen(); });
    c_->training.build(*c_->form, this, [this] { configurationEdited(); });
    sections->addStretch(1);
    WheelGuard::install(content); // the wheel scrolls the panel, never an unfocused setting

    buildApplyBar(outer);

    setMinimumWidth(210); // the dock may be narrow on a 1024-pixel screen: the panel scrolls
    loading_ = true;
    c_->training.show(given_);
    showViewSettings();
    loading_ = false;
    c_->training.updateRelevance(*c_->form);
    updateApplyButton();
}

ControlPanel::~ControlPanel() = default;

// The Apply bar stays visible below the scroll area.
void ControlPanel::buildApplyBar(QLayout* outer) {
    auto* bar = new QWidget;
    auto* barLayout = new QVBoxLayout(bar);
    c_->error = new QLabel;
    c_->error->setObjectName(QStringLiteral("configurationError"));
    c_->error->setWordWrap(true);
    c_->error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    c_->error->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold;"));
    c_->error->hide();
    c_->pending = new QLabel(tr("Unapplied changes: the run still uses the old setup."));
    c_->pending->setObjectName(QStringLiteral("pendingChanges"));
    c_->pending->setWordWrap(true);
    c_->pending->hide();
    c_->apply = new QPushButton(tr("Apply (restarts the run)"));
    c_->apply->setObjectName(QStringLiteral("applyConfiguration"));
    c_->apply->setToolTip(
        tr("Starts a new run with the training setup above; the view never needs this."));
    barLayout->addWidget(c_->error);
    barLayout->addWidget(c_->pending);
    barLayout->addWidget(c_->apply);
    outer->addWidget(bar);
    connect(c_->apply, &QPushButton::clicked, this, &ControlPanel::apply);
}

// ---- Configuration ----------------------------------------------------------------------------

void ControlPanel::setConfiguration(const TrainingConfig& config) {
    given_ = config;
    applied_ = config;
    loading_ = true;
    c_->training.show(config);
    loading_ = false;
    applied_ = configuration(); // as the widgets can hold it (ranges, rounding)
    c_->training.updateRelevance(*c_->form);
    updateApplyButton();
}

TrainingConfig ControlPanel::configuration() const {
    return c_->training.read(given_);
}

void ControlPanel::configurationEdited() {
    if (loading_)
        return;
    c_->training.updateRelevance(*c_->form);
    updateApplyButton();
}

void ControlPanel::apply() {
    // Any previous problem is cleared first, so an error reported from the slot stays visible.
    setConfigurationError({});
    applied_ = configuration();
    updateApplyButton();
    emit configurationApplied(applied_);
}

void ControlPanel::setConfigurationError(const QString& message) {
    error_ = message;
    c_->error->setText(message);
    c_->error->setVisible(!message.isEmpty());
    updateApplyButton();
}

void ControlPanel::updateApplyButton() {
    // An error means the panel shows a setup that is not running: that is pending too.
    const bool dirty = !sameConfiguration(configuration(), applied_) || !error_.isEmpty();
    QPushButton* button = c_->apply;
    if (button->property("dirty").toBool() != dirty) {
        button->setProperty("dirty", dirty);
        // Highlighted through the palette, not a style sheet, so the button keeps following
        // the light and dark themes when clean.
        button->setPalette(dirty ? QPalette(QColor(0xf5, 0xb0, 0x41)) : QPalette());
        button->setAttribute(Qt::WA_SetPalette, dirty);
        QFont bold = button->font();
        bold.setBold(dirty);
        button->setFont(bold);
    }
    c_->pending->setVisible(dirty && error_.isEmpty());
}

// ---- View -------------------------------------------------------------------------------------

void ControlPanel::setViewSettings(const ViewSettings& settings) {
    replaceView(settings);
    loading_ = true;
    showViewSettings();
    loading_ = false;
}

ViewSettings ControlPanel::viewSettings() const {
    return view_;
}

// The estimator bank follows the view while it matches it (see configuration()).
void ControlPanel::replaceView(const ViewSettings& next) {
    const auto before = estimatorsForView(view_);
    const auto after = estimatorsForView(next);
    for (TrainingConfig* config : {&given_, &applied_})
        if (config->estimators == before)
            config->estimators = after;
    view_ = next;
}

void ControlPanel::showViewSettings() {
    c_->view.show(view_, info_);
}

void ControlPanel::viewEdited() {
    if (loading_)
        return;
    const ViewSettings next = c_->view.read(view_);
    if (next == view_)
        return;
    replaceView(next);
    updateApplyButton();
    emit viewSettingsEdited(view_);
}

void ControlPanel::layerChosen() {
    c_->view.fillFeatureRange(info_, view_);
    viewEdited();
}

void ControlPanel::setRunInfo(const RunInfo& info) {
    info_ = info;
    loading_ = true;
    c_->view.showLayers(info, view_);
    loading_ = false;
    if (c_->view.hasLayers())
        viewEdited(); // reports a clamped layer or feature, if any
}

// ---- Hiding -----------------------------------------------------------------------------------

QStringList ControlPanel::controlNames() const {
    return hideableControlNames();
}

void ControlPanel::setHiddenControls(const QStringList& names) {
    hidden_ = names;
    updateVisibility();
}

QStringList ControlPanel::hiddenControls() const {
    return hidden_;
}

void ControlPanel::updateVisibility() {
    c_->form->showAllBut(hidden_);
    if (hidden_.contains(QStringLiteral("comparedMomenta")))
        c_->view.hideMomentaProblem();
}

} // namespace bnlab
