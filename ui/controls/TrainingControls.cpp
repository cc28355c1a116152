#include "TrainingControls.h"

#include "ControlForm.h"
#include "ControlPanel.h"
#include "Limits.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <algorithm>
#include <climits>
#include <type_traits>

namespace bnlab {

namespace {

QString tr(const char* text) {
    return ControlPanel::tr(text);
}

QString formatWidths(const std::vector<int>& widths) {
    QStringList parts;
    for (int w : widths)
        parts << QString::number(w);
    return parts.join(QStringLiteral(", "));
}

std::vector<int> parseWidths(const QString& text) {
    std::vector<int> out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts))
        if (const int w = part.trimmed().toInt(); w > 0)
            out.push_back(w);
    return out;
}

void setComboData(QComboBox* box, int value) {
    const int index = box->findData(value);
    if (index >= 0)
        box->setCurrentIndex(index);
}

template <typename E> E comboValue(const QComboBox* box) {
    return E(box->currentData().toInt());
}

} // namespace

void TrainingControls::build(ControlForm& c, QWidget* panel, const std::function<void()>& edited) {
    auto watch = [&](auto* widget) {
        using W = std::remove_pointer_t<decltype(widget)>;
        if constexpr (std::is_same_v<W, QComboBox>)
            QObject::connect(widget, &QComboBox::currentIndexChanged, panel, edited);
        else if constexpr (std::is_same_v<W, QCheckBox>)
            QObject::connect(widget, &QCheckBox::toggled, panel, edited);
        else if constexpr (std::is_same_v<W, QLineEdit>)
            QObject::connect(widget, &QLineEdit::textChanged, panel, edited);
        else
            QObject::connect(widget, &W::valueChanged, panel, edited);
        return widget;
    };

    // Data
    QFormLayout* data = c.section(tr("Data"), tr("What the network learns from."));
    datasetKind_ =
        watch(c.addRow(data,
                       ControlForm::combo({{tr("Moons"), int(DatasetKind::Moons)},
                                           {tr("Blobs"), int(DatasetKind::Blobs)},
                                           {tr("Circles"), int(DatasetKind::Circles)},
                                           {tr("Spirals"), int(DatasetKind::Spirals)},
                                           {tr("XOR"), int(DatasetKind::Xor)},
                                           {tr("Digits (8×8 images)"), int(DatasetKind::Digits)},
                                           {tr("CSV file…"), int(DatasetKind::CsvFile)}}),
                       "datasetKind",
                       tr("The dataset: a 2-D toy set, the bundled "
                          "handwritten digits, or your own CSV file.")));
    datasetPath_ = watch(c.pathRow(
        data, "datasetPath",
        tr("CSV file with feature columns and the class label last (for digits: empty uses the "
           "bundled file)."),
        panel, tr("Open CSV data")));
    validationPath_ = watch(
        c.pathRow(data, "validationPath",
                  tr("Optional separate validation CSV; when set, the whole data file is used for "
                     "training."),
                  panel, tr("Open validation CSV")));
    samples_ = watch(c.addRow(
        data, ControlForm::intSpin(int(limits::Samples.min), int(limits::Samples.max), 100),
        "samples", tr("How many points the synthetic dataset has.")));
    noise_ = watch(
        c.addRow(data, ControlForm::doubleSpin(limits::Noise.min, limits::Noise.max, 3, 0.05),
                 "noise", tr("Standard deviation of the Gaussian noise added to each point.")));
    classes_ = watch(
        c.addRow(data, ControlForm::intSpin(int(limits::Classes.min), int(limits::Classes.max)),
                 "classes", tr("Number of classes (blobs and spirals only).")));
    validationFraction_ = watch(c.addRow(
        data, ControlForm::doubleSpin(0.01, limits::ValidationFraction.max, 2, 0.05),
        "validationFraction", tr("Share of the data held out to measure validation accuracy.")));

    // Model
    QFormLayout* model = c.section(tr("Model"), tr("The network: an MLP with BatchNorm."));
    hiddenWidths_ = watch(c.addRow(model, new QLineEdit, "hiddenWidths",
                                   tr("Widths of the hidden layers, comma-separated, e.g. "
                                      "16, 16 (empty: no hidden layer).")));
    hiddenWidths_->setValidator(new QRegularExpressionValidator(
        // Up to four digits per width, separated by commas; the exact limit
        // (limits::HiddenWidth) is checked on Apply.
        QRegularExpression(
            QStringLiteral("^\\s*([1-9][0-9]{0,3}(\\s*,\\s*[1-9][0-9]{0,3})*\\s*,?\\s*)?$")),
        hiddenWidths_));
    hiddenBn_ = watch(c.addRow(model, new QCheckBox(tr("BN on every hidden layer")), "hiddenBn",
                               tr("Puts a BatchNorm layer in every hidden layer."), false));
    inputBn_ = watch(c.addRow(model, new QCheckBox(tr("BN on the raw inputs")), "inputBn",
                              tr("Puts a BatchNorm layer on the inputs, whose population is "
                                 "the data's own statistics."),
                              false));
    bnPlacement_ = watch(
        c.addRow(model,
                 ControlForm::combo(
                     {{tr("before the activation (paper)"), int(BnPlacement::BeforeActivation)},
                      {tr("after the activation"), int(BnPlacement::AfterActivation)}}),
                 "bnPlacement",
                 tr("Where BN sits in a hidden layer: Linear → BN → act, or Linear → act → "
                    "BN.")));
    activation_ = watch(c.addRow(model,
                                 ControlForm::combo({{tr("ReLU"), int(Activation::Relu)},
                                                     {tr("tanh"), int(Activation::Tanh)}}),
                                 "activation", tr("The nonlinearity of the hidden layers.")));

    // Optimizer
    QFormLayout* opt = c.section(tr("Optimizer (SGD)"),
                                 tr("Stochastic gradient descent; its momentum is not the BN "
                                    "momentum."));
    learningRate_ = watch(c.addRow(
        opt, ControlForm::doubleSpin(limits::LearningRate.min, limits::LearningRate.max, 4, 0.01),
        "learningRate",
        tr("Step size of SGD: larger steps move the weights, and so "
           "the BN populations, faster.")));
    lrSchedule_ = watch(c.addRow(opt,
                                 ControlForm::combo({{tr("constant"), int(LrSchedule::Constant)},
                                                     {tr("step decay"), int(LrSchedule::StepDecay)},
                                                     {tr("cosine"), int(LrSchedule::Cosine)}}),
                                 "lrSchedule", tr("How the learning rate changes over the run.")));
    stepDecayEvery_ =
        watch(c.addRow(opt,
                       ControlForm::intSpin(int(limits::StepDecayEvery.min),
                                            int(limits::StepDecayEvery.max), 100, {}, tr(" steps")),
                       "stepDecayEvery",
                       tr("Step decay: the learning rate is multiplied every this many steps.")));
    stepDecayFactor_ =
        watch(c.addRow(opt, ControlForm::doubleSpin(0.001, limits::StepDecayFactor.max, 3, 0.05),
                       "stepDecayFactor", tr("Step decay: the factor applied at each decay.")));
    cosineSteps_ = watch(
        c.addRow(opt,
                 ControlForm::intSpin(int(limits::CosineSteps.min), int(limits::CosineSteps.max),
                                      100, {}, tr(" steps")),
                 "cosineSteps", tr("Cosine: steps from the initial rate down to the floor.")));
    cosineFloor_ = watch(c.addRow(
        opt, ControlForm::doubleSpin(limits::CosineFloor.min, limits::CosineFloor.max, 3, 0.01),
        "cosineFloor", tr("Cosine: the final rate as a fraction of the initial one.")));
    sgdMomentum_ = watch(c.addRow(
        opt, ControlForm::doubleSpin(limits::SgdMomentum.min, limits::SgdMomentum.max, 3, 0.05),
        "sgdMomentum",
        tr("The optimizer's heavy-ball momentum (velocity), unrelated "
           "to the BN momentum.")));
    weightDecay_ = watch(c.addRow(
        opt, ControlForm::doubleSpin(limits::WeightDecay.min, limits::WeightDecay.max, 5, 0.0001),
        "weightDecay", tr("L2 penalty on the linear layers' weights.")));

    // Batches
    QFormLayout* batches = c.section(tr("Batches"), tr("How training batches are drawn."));
    batchSize_ = watch(c.addRow(
        batches, ControlForm::intSpin(int(limits::BatchSize.min), int(limits::BatchSize.max)),
        "batchSize",
        tr("Samples per batch m: BN statistics come from these m "
           "samples.")));
    batchOrder_ = watch(c.addRow(
        batches,
        ControlForm::combo({{tr("shuffled (i.i.d.)"), int(BatchOrder::Shuffled)},
                            {tr("sorted by class (not i.i.d.)"), int(BatchOrder::SortedByClass)}}),
        "batchOrder", tr("Random batches, or each batch drawn from a single class.")));
    seed_ = watch(c.addRow(batches, ControlForm::intSpin(0, INT_MAX), "seed",
                           tr("Random seed: the same seed and setup give the same run.")));

    // Distribution shift
    QFormLayout* shift = c.section(tr("Distribution shift"),
                                   tr("Changes every input at one step, so the population jumps."));
    shiftEnabled_ =
        watch(c.addRow(shift, new QCheckBox(tr("Shift the inputs during training")), "shiftEnabled",
                       tr("From the chosen step on, every input x becomes x·scale + "
                          "shift."),
                       false));
    shiftAtStep_ = watch(c.addRow(
        shift,
        ControlForm::intSpin(int(limits::ShiftAtStep.min), int(limits::ShiftAtStep.max), 100),
        "shiftAtStep", tr("The step at which the inputs change.")));
    shiftOffset_ = watch(c.addRow(
        shift, ControlForm::doubleSpin(limits::ShiftOffset.min, limits::ShiftOffset.max, 2, 0.5),
        "shiftOffset", tr("Added to every input from that step on.")));
    shiftScale_ = watch(c.addRow(
        shift, ControlForm::doubleSpin(limits::ShiftScale.min, limits::ShiftScale.max, 2, 0.1),
        "shiftScale", tr("Multiplies every input from that step on.")));

    // Measurements
    QFormLayout* stats = c.section(tr("Running statistics (BN)"),
                                   tr("How often the exact references are measured."));
    populationEvery_ = watch(c.addRow(
        stats,
        ControlForm::intSpin(int(limits::PopulationEvery.min), int(limits::PopulationEvery.max), 10,
                             tr("never"), tr(" steps")),
        "populationEvery",
        tr("Exact population statistics (a pass over all training data) every "
           "this many steps.")));
    preciseBnBatches_ = watch(c.addRow(
        stats,
        ControlForm::intSpin(int(limits::PreciseBnBatches.min), int(limits::PreciseBnBatches.max),
                             10, tr("off"), tr(" batches")),
        "preciseBnBatches",
        tr("PreciseBN: batches averaged with frozen weights at each population "
           "step.")));
    evaluateEvery_ = watch(c.addRow(
        stats,
        ControlForm::intSpin(int(limits::EvaluateEvery.min), int(limits::EvaluateEvery.max), 25,
                             tr("never"), tr(" steps")),
        "evaluateEvery", tr("Validation accuracy every this many steps.")));
}

void TrainingControls::show(const TrainingConfig& config) {
    const auto& d = config.data;
    setComboData(datasetKind_, int(d.kind));
    datasetPath_->setText(QString::fromStdString(d.path));
    validationPath_->setText(QString::fromStdString(d.validationPath));
    samples_->setValue(d.samples);
    noise_->setValue(d.noise);
    classes_->setValue(d.classes);
    validationFraction_->setValue(d.validationFraction);

    const auto& m = config.model;
    hiddenWidths_->setText(formatWidths(m.hidden));
    hiddenBn_->setChecked(m.hiddenBn);
    inputBn_->setChecked(m.inputBn);
    setComboData(bnPlacement_, int(m.placement));
    setComboData(activation_, int(m.activation));

    const auto& o = config.optimizer;
    learningRate_->setValue(o.learningRate);
    setComboData(lrSchedule_, int(o.schedule));
    stepDecayEvery_->setValue(o.stepDecayEvery);
    stepDecayFactor_->setValue(o.stepDecayFactor);
    cosineSteps_->setValue(o.cosineSteps);
    cosineFloor_->setValue(o.cosineFloor);
    sgdMomentum_->setValue(o.sgdMomentum);
    weightDecay_->setValue(o.weightDecay);

    batchSize_->setValue(config.batchSize);
    setComboData(batchOrder_, int(config.batchOrder));
    seed_->setValue(int(std::min<std::uint64_t>(config.seed, INT_MAX)));
    shiftEnabled_->setChecked(config.shift.enabled);
    shiftAtStep_->setValue(int(std::min<long>(config.shift.atStep, shiftAtStep_->maximum())));
    shiftOffset_->setValue(config.shift.shift);
    shiftScale_->setValue(config.shift.scale);
    populationEvery_->setValue(config.populationEvery);
    preciseBnBatches_->setValue(config.preciseBnBatches);
    evaluateEvery_->setValue(config.evaluateEvery);
}

TrainingConfig TrainingControls::read(const TrainingConfig& given) const {
    TrainingConfig config = given;

    auto& d = config.data;
    d.kind = comboValue<DatasetKind>(datasetKind_);
    const bool fromFile = d.kind == DatasetKind::CsvFile || d.kind == DatasetKind::Digits;
    d.path = fromFile ? datasetPath_->text().trimmed().toStdString() : std::string();
    d.validationPath = fromFile ? validationPath_->text().trimmed().toStdString() : std::string();
    d.samples = samples_->value();
    d.noise = noise_->value();
    d.classes = classes_->value();
    d.validationFraction = validationFraction_->value();

    auto& m = config.model;
    m.hidden = parseWidths(hiddenWidths_->text());
    m.hiddenBn = hiddenBn_->isChecked();
    m.inputBn = inputBn_->isChecked();
    m.placement = comboValue<BnPlacement>(bnPlacement_);
    m.activation = comboValue<Activation>(activation_);

    auto& o = config.optimizer;
    o.learningRate = learningRate_->value();
    o.schedule = comboValue<LrSchedule>(lrSchedule_);
    o.stepDecayEvery = stepDecayEvery_->value();
    o.stepDecayFactor = stepDecayFactor_->value();
    o.cosineSteps = cosineSteps_->value();
    o.cosineFloor = cosineFloor_->value();
    o.sgdMomentum = sgdMomentum_->value();
    o.weightDecay = weightDecay_->value();

    config.batchSize = batchSize_->value();
    config.batchOrder = comboValue<BatchOrder>(batchOrder_);
    config.seed = std::uint64_t(seed_->value());
    config.shift.enabled = shiftEnabled_->isChecked();
    config.shift.atStep = shiftAtStep_->value();
    config.shift.shift = shiftOffset_->value();
    config.shift.scale = shiftScale_->value();
    config.populationEvery = populationEvery_->value();
    config.preciseBnBatches = preciseBnBatches_->value();
    config.evaluateEvery = evaluateEvery_->value();
    return config;
}

// Controls that do not matter for the current choices are greyed out, not hidden, so the panel
// does not jump around under the teacher's mouse.
void TrainingControls::updateRelevance(const ControlForm& form) {
    const auto kind = comboValue<DatasetKind>(datasetKind_);
    const bool synthetic = kind != DatasetKind::CsvFile && kind != DatasetKind::Digits;
    const bool fromFile = !synthetic;
    form.field(QStringLiteral("datasetPath"))->setEnabled(fromFile);
    form.field(QStringLiteral("validationPath"))->setEnabled(fromFile);
    samples_->setEnabled(synthetic);
    noise_->setEnabled(synthetic);
    classes_->setEnabled(kind == DatasetKind::Blobs || kind == DatasetKind::Spirals);
    validationFraction_->setEnabled(!fromFile || validationPath_->text().trimmed().isEmpty());
    bnPlacement_->setEnabled(hiddenBn_->isChecked());
    const auto schedule = comboValue<LrSchedule>(lrSchedule_);
    stepDecayEvery_->setEnabled(schedule == LrSchedule::StepDecay);
    stepDecayFactor_->setEnabled(schedule == LrSchedule::StepDecay);
    cosineSteps_->setEnabled(schedule == LrSchedule::Cosine);
    cosineFloor_->setEnabled(schedule == LrSchedule::Cosine);
    const bool shift = shiftEnabled_->isChecked();
    shiftAtStep_->setEnabled(shift);
    shiftOffset_->setEnabled(shift);
    shiftScale_->setEnabled(shift);
    preciseBnBatches_->setEnabled(populationEvery_->value() > 0);
}

} // namespace bnlab
