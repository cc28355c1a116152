#pragma once
// The teacher's controls, in a scrollable dock. Two kinds, kept visibly apart:
//   - the view (BN momenta compared, estimators shown, layer and feature): applied at once,
//     never restarts training — training never reads running statistics, everything is replayed;
//   - the training setup (data, model, optimizer, batches, shift, measurements): collected and
//     applied with one "Apply (restarts the run)" button, highlighted while edits are pending.
// Every control has a stable objectName so a lesson can hide it from students.
#include "Config.h"
#include "Trainer.h"
#include "ViewSettings.h"

#include <QStringList>
#include <QWidget>
#include <memory>

class QLayout;

namespace bnlab {

// The objectNames of every control a lesson can hide, in panel order.
const QStringList& hideableControlNames();
// A readable name for one of them ("batchSize" → "Batch size"), for checklists.
QString controlDisplayName(const QString& name);

class ControlPanel : public QWidget {
    Q_OBJECT
  public:
    explicit ControlPanel(QWidget* parent = nullptr);
    ~ControlPanel() override;

    // Shows `config` as the applied one (no pending edits afterwards). Fields the panel has no
    // control for (weight init, BN epsilon, snapshots, the estimator bank) are kept as given.
    void setConfiguration(const TrainingConfig& config);
    // The configuration the controls show now. The estimator bank follows the view's compared
    // momenta as long as it did when given (see estimatorsForView); a custom bank is kept.
    TrainingConfig configuration() const;

    // The convention and slider momentum belong to the momentum slider: they are kept as given
    // here and passed through unchanged in viewSettingsEdited.
    void setViewSettings(const ViewSettings& settings);
    ViewSettings viewSettings() const;

    // Fills the BN layer and feature selectors. If the shown layer or feature no longer exists
    // it is clamped, and viewSettingsEdited reports the change.
    void setRunInfo(const RunInfo& info);

    QStringList controlNames() const;
    // Hides these controls (and a section once all of its controls are hidden). Names of
    // controls that live elsewhere are kept and returned, but have no effect here.
    void setHiddenControls(const QStringList& names);
    QStringList hiddenControls() const;

    // Shows a problem with the last applied configuration next to the Apply button ("" clears).
    void setConfigurationError(const QString& message);

  signals:
    void configurationApplied(const bnlab::TrainingConfig& config);
    void viewSettingsEdited(const bnlab::ViewSettings& settings);

  private:
    struct Controls;
    void buildApplyBar(QLayout* outer);
    void showViewSettings();
    void configurationEdited();
    void viewEdited();
    void layerChosen();
    void replaceView(const ViewSettings& next);
    void updateVisibility();
    void updateApplyButton();
    void apply();

    std::unique_ptr<Controls> c_;
    TrainingConfig given_;   // fields without a control come from here
    TrainingConfig applied_; // what Apply last sent (or setConfiguration gave)
    ViewSettings view_;
    RunInfo info_;
    QStringList hidden_;
    QString error_;
    bool loading_ = false; // widgets are being filled in code: their signals are not edits
};

} // namespace bnlab
