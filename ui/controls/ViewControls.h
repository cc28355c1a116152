#pragma once
// The control panel's view section: the BN momenta compared, the estimators shown, the BN
// layer and feature. Applied at once, never restarts training (everything is replayed).
#include "Trainer.h"
#include "ViewSettings.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QObject;
class QSpinBox;

namespace bnlab {

class ControlForm;

class ViewControls {
  public:
    // Adds the section to `form`. While `context` lives, `edited` is called on every edit but
    // a new layer, which calls `layerChosen` (the feature range changes first).
    void build(ControlForm& form, QObject* context, const std::function<void()>& edited,
               const std::function<void()>& layerChosen);

    // Shows `view`; the feature range comes from `info`.
    void show(const ViewSettings& view, const RunInfo& info);
    // `view` with the edits the controls hold. An unreadable list of compared momenta keeps
    // the given ones and is pointed out under the field.
    ViewSettings read(const ViewSettings& view) const;
    // Fills the layer selector from `info`, the shown layer clamped to it.
    void showLayers(const RunInfo& info, const ViewSettings& view);
    bool hasLayers() const;
    // The feature selector's range: the features of the selected layer.
    void fillFeatureRange(const RunInfo& info, const ViewSettings& view);
    void hideMomentaProblem();

  private:
    QLineEdit* comparedMomenta_ = nullptr;
    QLabel* comparedLabel_ = nullptr;
    QLabel* comparedProblem_ = nullptr;
    QCheckBox *showEma_ = nullptr, *showDebiasedEma_ = nullptr, *showCumulative_ = nullptr,
              *showPreciseBn_ = nullptr, *unbiasedVariance_ = nullptr;
    QComboBox* bnLayer_ = nullptr;
    QSpinBox* bnFeature_ = nullptr;
};

} // namespace bnlab
