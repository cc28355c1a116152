#pragma once
// The control panel's training setup: data, model, optimizer, batches, distribution shift and
// measurements. Edits are collected and applied together (the Apply button restarts the run).
#include "Config.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace bnlab {

class ControlForm;

class TrainingControls {
  public:
    // Adds the sections to `form`; `edited` is called (while `panel` lives) on every edit.
    // `panel` also parents the file dialogs.
    void build(ControlForm& form, QWidget* panel, const std::function<void()>& edited);

    void show(const TrainingConfig& config);
    // `given` with the fields the controls hold replaced by their values.
    TrainingConfig read(const TrainingConfig& given) const;
    // Greys out what does not matter for the current choices.
    void updateRelevance(const ControlForm& form);

  private:
    QComboBox* datasetKind_ = nullptr;
    QLineEdit *datasetPath_ = nullptr, *validationPath_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QDoubleSpinBox* noise_ = nullptr;
    QSpinBox* classes_ = nullptr;
    QDoubleSpinBox* validationFraction_ = nullptr;
    QLineEdit* hiddenWidths_ = nullptr;
    QCheckBox *hiddenBn_ = nullptr, *inputBn_ = nullptr;
    QComboBox *bnPlacement_ = nullptr, *activation_ = nullptr;
    QDoubleSpinBox* learningRate_ = nullptr;
    QComboBox* lrSchedule_ = nullptr;
    QSpinBox* stepDecayEvery_ = nullptr;
    QDoubleSpinBox* stepDecayFactor_ = nullptr;
    QSpinBox* cosineSteps_ = nullptr;
    QDoubleSpinBox *cosineFloor_ = nullptr, *sgdMomentum_ = nullptr, *weightDecay_ = nullptr;
    QSpinBox* batchSize_ = nullptr;
    QComboBox* batchOrder_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QCheckBox* shiftEnabled_ = nullptr;
    QSpinBox* shiftAtStep_ = nullptr;
    QDoubleSpinBox *shiftOffset_ = nullptr, *shiftScale_ = nullptr;
    QSpinBox *populationEvery_ = nullptr, *preciseBnBatches_ = nullptr, *evaluateEvery_ = nullptr;
};

} // namespace bnlab
