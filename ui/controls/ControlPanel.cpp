#include "ControlPanel.h"

#include "Lesson.h"
#include "Limits.h"
#include "WheelGuard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>
#include <type_traits>

namespace bnlab {

namespace {

struct ControlInfo {
    const char* name;
    const char* label;
};

// Panel order. The labels double as the readable names in the lesson editor's checklist.
const ControlInfo controlInfos[] = {
    {"comparedMomenta", "Compared BN momenta"},
    {"showEma", "EMA curves"},
    {"showDebiasedEma", "Debiased EMA"},
    {"showCumulative", "Cumulative average"},
    {"showPreciseBn", "PreciseBN"},
    {"unbiasedVariance", "Unbiased batch variance"},
    {"bnLayer", "BN layer"},
    {"bnFeature", "Feature"},
    {"datasetKind", "Dataset"},
    {"datasetPath", "Data file"},
    {"validationPath", "Validation file"},
    {"samples", "Samples"},
    {"noise", "Noise"},
    {"classes", "Classes"},
    {"validationFraction", "Validation share"},
    {"hiddenWidths", "Hidden widths"},
    {"hiddenBn", "BN on hidden layers"},
    {"inputBn", "BN on the inputs"},
    {"bnPlacement", "BN placement"},
    {"activation", "Activation"},
    {"learningRate", "Learning rate"},
    {"lrSchedule", "Schedule"},
    {"stepDecayEvery", "Decay every"},
    {"stepDecayFactor", "Decay factor"},
    {"cosineSteps", "Cosine length"},
    {"cosineFloor", "Cosine floor"},
    {"sgdMomentum", "SGD momentum (optimizer)"},
    {"weightDecay", "Weight decay"},
    {"batchSize", "Batch size"},
    {"batchOrder", "Batch order"},
    {"seed", "Seed"},
    {"shiftEnabled", "Distribution shift"},
    {"shiftAtStep", "At step"},
    {"shiftOffset", "Shift (added)"},
    {"shiftScale", "Scale (multiplied)"},
    {"populationEvery", "Population every"},
    {"preciseBnBatches", "PreciseBN batches"},
    {"evaluateEvery", "Evaluate every"},
};

QString momentumSymbol(Convention c) {
    return c == Convention::PyTorch ? QStringLiteral("α, PyTorch") : QStringLiteral("β, Keras");
}

QString formatMomenta(const std::vector<double>& momenta) {
    QStringList parts;
    for (double m : momenta)
        parts << QString::number(m, 'g', 6);
    return parts.join(QStringLiteral(", "));
}

// "0.5, 0.9" → {0.5, 0.9}. *ok is false for an empty list or any entry outside [0, 1].
std::vector<double> parseMomenta(const QString& text, bool* ok) {
    std::vector<double> out;
    *ok = true;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool number = false;
        const double m = part.trimmed().toDouble(&number);
        if (!number || !(m >= 0.0 && m <= 1.0)) {
            *ok = false;
            return {};
        }
        out.push_back(m);
    }
    *ok = !out.empty();
    return out;
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

const QStringList& hideableControlNames() {
    static const QStringList names = [] {
        QStringList n;
        for (const auto& info : controlInfos)
            n << QString::fromLatin1(info.name);
        return n;
    }();
    return names;
}

QString controlDisplayName(const QString& name) {
    for (const auto& info : controlInfos)
        if (name == QLatin1String(info.name))
            return QString::fromUtf8(info.label);
    // The slider's own controls, which a lesson may hide too.
    if (name == QLatin1String("conventionBox"))
        return QObject::tr("BN momentum convention (Keras β / PyTorch α)");
    if (name == QLatin1String("momentumValueBox"))
        return QObject::tr("BN momentum value box");
    return name;
}

// ---- The widgets ------------------------------------------------------------------------------

struct ControlPanel::Controls {
    struct Row {
        QWidget* label = nullptr;
        QWidget* field = nullptr;
        QGroupBox* group = nullptr;
    };
    QMap<QString, Row> rows;
    QList<QGroupBox*> groups;
    QVBoxLayout* sections = nullptr;

    // View
    QLineEdit* comparedMomenta = nullptr;
    QLabel* comparedLabel = nullptr;
    QLabel* comparedProblem = nullptr;
    QCheckBox *showEma = nullptr, *showDebiasedEma = nullptr, *showCumulative = nullptr,
              *showPreciseBn = nullptr, *unbiasedVariance = nullptr;
    QComboBox* bnLayer = nullptr;
    QSpinBox* bnFeature = nullptr;

    // Training setup
    QComboBox* datasetKind = nullptr;
    QLineEdit *datasetPath = nullptr, *validationPath = nullptr;
    QSpinBox* samples = nullptr;
    QDoubleSpinBox* noise = nullptr;
    QSpinBox* classes = nullptr;
    QDoubleSpinBox* validationFraction = nullptr;
    QLineEdit* hiddenWidths = nullptr;
    QCheckBox *hiddenBn = nullptr, *inputBn = nullptr;
    QComboBox *bnPlacement = nullptr, *activation = nullptr;
    QDoubleSpinBox* learningRate = nullptr;
    QComboBox* lrSchedule = nullptr;
    QSpinBox* stepDecayEvery = nullptr;
    QDoubleSpinBox* stepDecayFactor = nullptr;
    QSpinBox* cosineSteps = nullptr;
    QDoubleSpinBox *cosineFloor = nullptr, *sgdMomentum = nullptr, *weightDecay = nullptr;
    QSpinBox* batchSize = nullptr;
    QComboBox* batchOrder = nullptr;
    QSpinBox* seed = nullptr;
    QCheckBox* shiftEnabled = nullptr;
    QSpinBox* shiftAtStep = nullptr;
    QDoubleSpinBox *shiftOffset = nullptr, *shiftScale = nullptr;
    QSpinBox *populationEvery = nullptr, *preciseBnBatches = nullptr, *evaluateEvery = nullptr;

    QPushButton* apply = nullptr;
    QLabel* pending = nullptr;
    QLabel* error = nullptr;

    // A titled section with a form; rows added with addRow.
    QFormLayout* section(const QString& title, const QString& tip) {
        auto* box = new QGroupBox(title);
        box->setToolTip(tip);
        auto* form = new QFormLayout(box);
        form->setRowWrapPolicy(QFormLayout::WrapLongRows);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        sections->addWidget(box);
        groups << box;
        return form;
    }

    template <typename W>
    W* addRow(QFormLayout* form, W* field, const char* name, const QString& tip,
              bool withLabel = true) {
        const QString n = QString::fromLatin1(name);
        field->setObjectName(n);
        field->setToolTip(tip);
        Row row;
        row.field = field;
        row.group = qobject_cast<QGroupBox*>(form->parentWidget());
        if (withLabel) {
            auto* label = new QLabel(controlDisplayName(n));
            label->setToolTip(tip);
            label->setBuddy(field);
            form->addRow(label, field);
            row.label = label;
        } else {
            form->addRow(field);
        }
        rows.insert(n, row);
        return field;
    }

    static QDoubleSpinBox* doubleSpin(double lo, double hi, int decimals, double step) {
        auto* s = new QDoubleSpinBox;
        s->setRange(lo, hi);
        s->setDecimals(decimals);
        s->setSingleStep(step);
        s->setKeyboardTracking(false); // valueChanged on Enter or focus loss, not per digit
        return s;
    }
    static QSpinBox* intSpin(int lo, int hi, int step = 1, const QString& special = {},
                             const QString& suffix = {}) {
        auto* s = new QSpinBox;
        s->setRange(lo, hi);
        s->setSuffix(suffix);
        s->setSingleStep(step);
        s->setKeyboardTracking(false);
        if (!special.isEmpty())
            s->setSpecialValueText(special); // shown for the minimum
        return s;
    }
    static QComboBox* combo(std::initializer_list<std::pair<QString, int>> items) {
        auto* box = new QComboBox;
        for (const auto& [text, value] : items)
            box->addItem(text, value);
        return box;
    }
    // A path line edit with a browse button; the container carries the control's name.
    QLineEdit* pathRow(QFormLayout* form, const char* name, const QString& tip,
                       QWidget* dialogParent, const QString& dialogTitle) {
        auto* container = new QWidget;
        auto* layout = new QHBoxLayout(container);
        layout->setContentsMargins(0, 0, 0, 0);
        auto* edit = new QLineEdit;
        edit->setObjectName(QString::fromLatin1(name) + QStringLiteral("Edit"));
        edit->setToolTip(tip);
        edit->setClearButtonEnabled(true);
        auto* browse = new QToolButton;
        browse->setObjectName(QString::fromLatin1(name) + QStringLiteral("Browse"));
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(QStringLiteral("Choose the CSV file."));
        layout->addWidget(edit, 1);
        layout->addWidget(browse);
        QObject::connect(browse, &QToolButton::clicked, dialogParent, [=] {
            const QString file =
                QFileDialog::getOpenFileName(dialogParent, dialogTitle, edit->text(),
                                             QStringLiteral("CSV files (*.csv);;All files (*)"));
            if (!file.isEmpty())
                edit->setText(file);
        });
        addRow(form, container, name, tip);
        return edit;
    }
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
    c_->sections = new QVBoxLayout(content);
    scroll->setWidget(content);
    outer->addWidget(scroll, 1);

    buildViewSection();
    buildTrainingSections();
    c_->sections->addStretch(1);
    WheelGuard::install(content); // the wheel scrolls the panel, never an unfocused setting

    // The Apply bar stays visible below the scroll area.
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

    setMinimumWidth(210); // the dock may be narrow on a 1024-pixel screen: the panel scrolls
    loading_ = true;
    showConfiguration(given_);
    showViewSettings();
    loading_ = false;
    updateRelevance();
    updateApplyButton();
}

ControlPanel::~ControlPanel() = default;

void ControlPanel::buildViewSection() {
    Controls& c = *c_;
    QFormLayout* form = c.section(tr("View — instant, never restarts"),
                                  tr("What the plots show; changing it replays the record and "
                                     "never restarts training."));

    c.comparedMomenta =
        c.addRow(form, new QLineEdit, "comparedMomenta",
                 tr("BN momenta drawn side by side, comma-separated, in the slider's convention."));
    c.comparedMomenta->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("^[0-9.,\\s]*$")), c.comparedMomenta));
    c.comparedLabel = qobject_cast<QLabel*>(c.rows["comparedMomenta"].label);
    c.comparedProblem =
        new QLabel(tr("Give one or more BN momenta between 0 and 1, separated by commas."));
    c.comparedProblem->setObjectName(QStringLiteral("comparedMomentaProblem"));
    c.comparedProblem->setStyleSheet(QStringLiteral("color: #c0392b;"));
    c.comparedProblem->setWordWrap(true);
    c.comparedProblem->hide();
    form->addRow(c.comparedProblem);
    connect(c.comparedMomenta, &QLineEdit::editingFinished, this, &ControlPanel::viewEdited);

    auto check = [&](const char* name, const QString& text, const QString& tip) {
        auto* box = c.addRow(form, new QCheckBox(text), name, tip, false);
        connect(box, &QCheckBox::toggled, this, &ControlPanel::viewEdited);
        return box;
    };
    c.showEma = check("showEma", tr("EMA, one curve per BN momentum"),
                      tr("Draws the exponential moving average for every compared BN momentum."));
    c.showDebiasedEma = check(
        "showDebiasedEma", tr("Debiased EMA (starts from 0, divided by 1 − βᵗ)"),
        tr("Draws the EMA with Adam's start-up correction, which removes the pull of the start "
           "value."));
    c.showCumulative = check("showCumulative", tr("Cumulative average (all batches equal)"),
                             tr("Draws the plain average of every batch so far (PyTorch "
                                "momentum=None)."));
    c.showPreciseBn = check("showPreciseBn", tr("PreciseBN (recomputed, weights frozen)"),
                            tr("Marks the paper's after-the-fact estimate from many batches at "
                               "the current weights."));
    c.unbiasedVariance =
        check("unbiasedVariance", tr("Unbiased batch variance m/(m − 1)·σ²"),
              tr("Draws batch variances with the m/(m − 1) correction instead of the plain σ²."));

    c.bnLayer = c.addRow(form, new QComboBox, "bnLayer",
                         tr("The BatchNorm layer whose statistics the plots show."));
    c.bnFeature = c.addRow(form, Controls::intSpin(0, 0), "bnFeature",
                           tr("The feature (channel) of that layer the plots show."));
    c.bnFeature->setKeyboardTracking(true);
    connect(c.bnLayer, &QComboBox::currentIndexChanged, this, [this] {
        fillFeatureRange();
        viewEdited();
    });
    connect(c.bnFeature, &QSpinBox::valueChanged, this, &ControlPanel::viewEdited);
}

void ControlPanel::buildTrainingSections() {
    Controls& c = *c_;
    auto edited = [this] { configurationEdited(); };
    auto watch = [&](auto* widget) {
        using W = std::remove_pointer_t<decltype(widget)>;
        if constexpr (std::is_same_v<W, QComboBox>)
            connect(widget, &QComboBox::currentIndexChanged, this, edited);
        else if constexpr (std::is_same_v<W, QCheckBox>)
            connect(widget, &QCheckBox::toggled, this, edited);
        else if constexpr (std::is_same_v<W, QLineEdit>)
            connect(widget, &QLineEdit::textChanged, this, edited);
        else
            connect(widget, &W::valueChanged, this, edited);
        return widget;
    };

    // Data
    QFormLayout* data = c.section(tr("Data"), tr("What the network learns from."));
    c.datasetKind =
        watch(c.addRow(data,
                       Controls::combo({{tr("Moons"), int(DatasetKind::Moons)},
                                        {tr("Blobs"), int(DatasetKind::Blobs)},
                                        {tr("Circles"), int(DatasetKind::Circles)},
                                        {tr("Spirals"), int(DatasetKind::Spirals)},
                                        {tr("XOR"), int(DatasetKind::Xor)},
                                        {tr("Digits (8×8 images)"), int(DatasetKind::Digits)},
                                        {tr("CSV file…"), int(DatasetKind::CsvFile)}}),
                       "datasetKind",
                       tr("The dataset: a 2-D toy set, the bundled "
                          "handwritten digits, or your own CSV file.")));
    c.datasetPath = watch(c.pathRow(
        data, "datasetPath",
        tr("CSV file with feature columns and the class label last (for digits: empty uses the "
           "bundled file)."),
        this, tr("Open CSV data")));
    c.validationPath = watch(
        c.pathRow(data, "validationPath",
                  tr("Optional separate validation CSV; when set, the whole data file is used for "
                     "training."),
                  this, tr("Open validation CSV")));
    c.samples = watch(
        c.addRow(data, Controls::intSpin(int(limits::Samples.min), int(limits::Samples.max), 100),
                 "samples", tr("How many points the synthetic dataset has.")));
    c.noise = watch(
        c.addRow(data, Controls::doubleSpin(limits::Noise.min, limits::Noise.max, 3, 0.05), "noise",
                 tr("Standard deviation of the Gaussian noise added to each point.")));
    c.classes =
        watch(c.addRow(data, Controls::intSpin(int(limits::Classes.min), int(limits::Classes.max)),
                       "classes", tr("Number of classes (blobs and spirals only).")));
    c.validationFraction = watch(c.addRow(
        data, Controls::doubleSpin(0.01, limits::ValidationFraction.max, 2, 0.05),
        "validationFraction", tr("Share of the data held out to measure validation accuracy.")));

    // Model
    QFormLayout* model = c.section(tr("Model"), tr("The network: an MLP with BatchNorm."));
    c.hiddenWidths = watch(c.addRow(model, new QLineEdit, "hiddenWidths",
                                    tr("Widths of the hidden layers, comma-separated, e.g. "
                                       "16, 16 (empty: no hidden layer).")));
    c.hiddenWidths->setValidator(new QRegularExpressionValidator(
        // Up to four digits per width, separated by commas; the exact limit
        // (limits::HiddenWidth) is checked on Apply.
        QRegularExpression(
            QStringLiteral("^\\s*([1-9][0-9]{0,3}(\\s*,\\s*[1-9][0-9]{0,3})*\\s*,?\\s*)?$")),
        c.hiddenWidths));
    c.hiddenBn = watch(c.addRow(model, new QCheckBox(tr("BN on every hidden layer")), "hiddenBn",
                                tr("Puts a BatchNorm layer in every hidden layer."), false));
    c.inputBn = watch(c.addRow(model, new QCheckBox(tr("BN on the raw inputs")), "inputBn",
                               tr("Puts a BatchNorm layer on the inputs, whose population is "
                                  "the data's own statistics."),
                               false));
    c.bnPlacement = watch(c.addRow(
        model,
        Controls::combo({{tr("before the activation (paper)"), int(BnPlacement::BeforeActivation)},
                         {tr("after the activation"), int(BnPlacement::AfterActivation)}}),
        "bnPlacement",
        tr("Where BN sits in a hidden layer: Linear → BN → act, or Linear → act → "
           "BN.")));
    c.activation = watch(c.addRow(
        model,
        Controls::combo({{tr("ReLU"), int(Activation::Relu)}, {tr("tanh"), int(Activation::Tanh)}}),
        "activation", tr("The nonlinearity of the hidden layers.")));

    // Optimizer
    QFormLayout* opt = c.section(tr("Optimizer (SGD)"),
                                 tr("Stochastic gradient descent; its momentum is not the BN "
                                    "momentum."));
    c.learningRate = watch(c.addRow(
        opt, Controls::doubleSpin(limits::LearningRate.min, limits::LearningRate.max, 4, 0.01),
        "learningRate",
        tr("Step size of SGD: larger steps move the weights, and so "
           "the BN populations, faster.")));
    c.lrSchedule = watch(c.addRow(opt,
                                  Controls::combo({{tr("constant"), int(LrSchedule::Constant)},
                                                   {tr("step decay"), int(LrSchedule::StepDecay)},
                                                   {tr("cosine"), int(LrSchedule::Cosine)}}),
                                  "lrSchedule", tr("How the learning rate changes over the run.")));
    c.stepDecayEvery =
        watch(c.addRow(opt,
                       Controls::intSpin(int(limits::StepDecayEvery.min),
                                         int(limits::StepDecayEvery.max), 100, {}, tr(" steps")),
                       "stepDecayEvery",
                       tr("Step decay: the learning rate is multiplied every this many steps.")));
    c.stepDecayFactor =
        watch(c.addRow(opt, Controls::doubleSpin(0.001, limits::StepDecayFactor.max, 3, 0.05),
                       "stepDecayFactor", tr("Step decay: the factor applied at each decay.")));
    c.cosineSteps = watch(
        c.addRow(opt,
                 Controls::intSpin(int(limits::CosineSteps.min), int(limits::CosineSteps.max), 100,
                                   {}, tr(" steps")),
                 "cosineSteps", tr("Cosine: steps from the initial rate down to the floor.")));
    c.cosineFloor = watch(c.addRow(
        opt, Controls::doubleSpin(limits::CosineFloor.min, limits::CosineFloor.max, 3, 0.01),
        "cosineFloor", tr("Cosine: the final rate as a fraction of the initial one.")));
    c.sgdMomentum = watch(c.addRow(
        opt, Controls::doubleSpin(limits::SgdMomentum.min, limits::SgdMomentum.max, 3, 0.05),
        "sgdMomentum",
        tr("The optimizer's heavy-ball momentum (velocity), unrelated "
           "to the BN momentum.")));
    c.weightDecay = watch(c.addRow(
        opt, Controls::doubleSpin(limits::WeightDecay.min, limits::WeightDecay.max, 5, 0.0001),
        "weightDecay", tr("L2 penalty on the linear layers' weights.")));

    // Batches
    QFormLayout* batches = c.section(tr("Batches"), tr("How training batches are drawn."));
    c.batchSize = watch(
        c.addRow(batches, Controls::intSpin(int(limits::BatchSize.min), int(limits::BatchSize.max)),
                 "batchSize",
                 tr("Samples per batch m: BN statistics come from these m "
                    "samples.")));
    c.batchOrder = watch(c.addRow(
        batches,
        Controls::combo({{tr("shuffled (i.i.d.)"), int(BatchOrder::Shuffled)},
                         {tr("sorted by class (not i.i.d.)"), int(BatchOrder::SortedByClass)}}),
        "batchOrder", tr("Random batches, or each batch drawn from a single class.")));
    c.seed = watch(c.addRow(batches, Controls::intSpin(0, INT_MAX), "seed",
                            tr("Random seed: the same seed and setup give the same run.")));

    // Distribution shift
    QFormLayout* shift = c.section(tr("Distribution shift"),
                                   tr("Changes every input at one step, so the population jumps."));
    c.shiftEnabled =
        watch(c.addRow(shift, new QCheckBox(tr("Shift the inputs during training")), "shiftEnabled",
                       tr("From the chosen step on, every input x becomes x·scale + "
                          "shift."),
                       false));
    c.shiftAtStep = watch(c.addRow(
        shift, Controls::intSpin(int(limits::ShiftAtStep.min), int(limits::ShiftAtStep.max), 100),
        "shiftAtStep", tr("The step at which the inputs change.")));
    c.shiftOffset = watch(c.addRow(
        shift, Controls::doubleSpin(limits::ShiftOffset.min, limits::ShiftOffset.max, 2, 0.5),
        "shiftOffset", tr("Added to every input from that step on.")));
    c.shiftScale = watch(c.addRow(
        shift, Controls::doubleSpin(limits::ShiftScale.min, limits::ShiftScale.max, 2, 0.1),
        "shiftScale", tr("Multiplies every input from that step on.")));

    // Measurements
    QFormLayout* stats = c.section(tr("Running statistics (BN)"),
                                   tr("How often the exact references are measured."));
    c.populationEvery = watch(
        c.addRow(stats,
                 Controls::intSpin(int(limits::PopulationEvery.min),
                                   int(limits::PopulationEvery.max), 10, tr("never"), tr(" steps")),
                 "populationEvery",
                 tr("Exact population statistics (a pass over all training data) every "
                    "this many steps.")));
    c.preciseBnBatches = watch(c.addRow(
        stats,
        Controls::intSpin(int(limits::PreciseBnBatches.min), int(limits::PreciseBnBatches.max), 10,
                          tr("off"), tr(" batches")),
        "preciseBnBatches",
        tr("PreciseBN: batches averaged with frozen weights at each population "
           "step.")));
    c.evaluateEvery = watch(
        c.addRow(stats,
                 Controls::intSpin(int(limits::EvaluateEvery.min), int(limits::EvaluateEvery.max),
                                   25, tr("never"), tr(" steps")),
                 "evaluateEvery", tr("Validation accuracy every this many steps.")));
}

// ---- Configuration ----------------------------------------------------------------------------

void ControlPanel::showConfiguration(const TrainingConfig& config) {
    Controls& c = *c_;
    const auto& d = config.data;
    setComboData(c.datasetKind, int(d.kind));
    c.datasetPath->setText(QString::fromStdString(d.path));
    c.validationPath->setText(QString::fromStdString(d.validationPath));
    c.samples->setValue(d.samples);
    c.noise->setValue(d.noise);
    c.classes->setValue(d.classes);
    c.validationFraction->setValue(d.validationFraction);

    const auto& m = config.model;
    c.hiddenWidths->setText(formatWidths(m.hidden));
    c.hiddenBn->setChecked(m.hiddenBn);
    c.inputBn->setChecked(m.inputBn);
    setComboData(c.bnPlacement, int(m.placement));
    setComboData(c.activation, int(m.activation));

    const auto& o = config.optimizer;
    c.learningRate->setValue(o.learningRate);
    setComboData(c.lrSchedule, int(o.schedule));
    c.stepDecayEvery->setValue(o.stepDecayEvery);
    c.stepDecayFactor->setValue(o.stepDecayFactor);
    c.cosineSteps->setValue(o.cosineSteps);
    c.cosineFloor->setValue(o.cosineFloor);
    c.sgdMomentum->setValue(o.sgdMomentum);
    c.weightDecay->setValue(o.weightDecay);

    c.batchSize->setValue(config.batchSize);
    setComboData(c.batchOrder, int(config.batchOrder));
    c.seed->setValue(int(std::min<std::uint64_t>(config.seed, INT_MAX)));
    c.shiftEnabled->setChecked(config.shift.enabled);
    c.shiftAtStep->setValue(int(std::min<long>(config.shift.atStep, c.shiftAtStep->maximum())));
    c.shiftOffset->setValue(config.shift.shift);
    c.shiftScale->setValue(config.shift.scale);
    c.populationEvery->setValue(config.populationEvery);
    c.preciseBnBatches->setValue(config.preciseBnBatches);
    c.evaluateEvery->setValue(config.evaluateEvery);
}

void ControlPanel::setConfiguration(const TrainingConfig& config) {
    given_ = config;
    applied_ = config;
    loading_ = true;
    showConfiguration(config);
    loading_ = false;
    applied_ = configuration(); // as the widgets can hold it (ranges, rounding)
    updateRelevance();
    updateApplyButton();
}

TrainingConfig ControlPanel::configuration() const {
    const Controls& c = *c_;
    TrainingConfig config = given_;

    auto& d = config.data;
    d.kind = comboValue<DatasetKind>(c.datasetKind);
    const bool fromFile = d.kind == DatasetKind::CsvFile || d.kind == DatasetKind::Digits;
    d.path = fromFile ? c.datasetPath->text().trimmed().toStdString() : std::string();
    d.validationPath = fromFile ? c.validationPath->text().trimmed().toStdString() : std::string();
    d.samples = c.samples->value();
    d.noise = c.noise->value();
    d.classes = c.classes->value();
    d.validationFraction = c.validationFraction->value();

    auto& m = config.model;
    m.hidden = parseWidths(c.hiddenWidths->text());
    m.hiddenBn = c.hiddenBn->isChecked();
    m.inputBn = c.inputBn->isChecked();
    m.placement = comboValue<BnPlacement>(c.bnPlacement);
    m.activation = comboValue<Activation>(c.activation);

    auto& o = config.optimizer;
    o.learningRate = c.learningRate->value();
    o.schedule = comboValue<LrSchedule>(c.lrSchedule);
    o.stepDecayEvery = c.stepDecayEvery->value();
    o.stepDecayFactor = c.stepDecayFactor->value();
    o.cosineSteps = c.cosineSteps->value();
    o.cosineFloor = c.cosineFloor->value();
    o.sgdMomentum = c.sgdMomentum->value();
    o.weightDecay = c.weightDecay->value();

    config.batchSize = c.batchSize->value();
    config.batchOrder = comboValue<BatchOrder>(c.batchOrder);
    config.seed = std::uint64_t(c.seed->value());
    config.shift.enabled = c.shiftEnabled->isChecked();
    config.shift.atStep = c.shiftAtStep->value();
    config.shift.shift = c.shiftOffset->value();
    config.shift.scale = c.shiftScale->value();
    config.populationEvery = c.populationEvery->value();
    config.preciseBnBatches = c.preciseBnBatches->value();
    config.evaluateEvery = c.evaluateEvery->value();
    return config;
}

void ControlPanel::configurationEdited() {
    if (loading_)
        return;
    updateRelevance();
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

// Controls that do not matter for the current choices are greyed out, not hidden, so the panel
// does not jump around under the teacher's mouse.
void ControlPanel::updateRelevance() {
    Controls& c = *c_;
    const auto kind = comboValue<DatasetKind>(c.datasetKind);
    const bool synthetic = kind != DatasetKind::CsvFile && kind != DatasetKind::Digits;
    const bool fromFile = !synthetic;
    c.rows["datasetPath"].field->setEnabled(fromFile);
    c.rows["validationPath"].field->setEnabled(fromFile);
    c.samples->setEnabled(synthetic);
    c.noise->setEnabled(synthetic);
    c.classes->setEnabled(kind == DatasetKind::Blobs || kind == DatasetKind::Spirals);
    c.validationFraction->setEnabled(!fromFile || c.validationPath->text().trimmed().isEmpty());
    c.bnPlacement->setEnabled(c.hiddenBn->isChecked());
    const auto schedule = comboValue<LrSchedule>(c.lrSchedule);
    c.stepDecayEvery->setEnabled(schedule == LrSchedule::StepDecay);
    c.stepDecayFactor->setEnabled(schedule == LrSchedule::StepDecay);
    c.cosineSteps->setEnabled(schedule == LrSchedule::Cosine);
    c.cosineFloor->setEnabled(schedule == LrSchedule::Cosine);
    const bool shift = c.shiftEnabled->isChecked();
    c.shiftAtStep->setEnabled(shift);
    c.shiftOffset->setEnabled(shift);
    c.shiftScale->setEnabled(shift);
    c.preciseBnBatches->setEnabled(c.populationEvery->value() > 0);
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
    Controls& c = *c_;
    c.comparedLabel->setText(tr("BN momenta (%1)").arg(momentumSymbol(view_.convention)));
    c.comparedMomenta->setText(formatMomenta(view_.comparedMomenta));
    c.comparedProblem->hide();
    c.showEma->setChecked(view_.showEma);
    c.showDebiasedEma->setChecked(view_.showDebiasedEma);
    c.showCumulative->setChecked(view_.showCumulative);
    c.showPreciseBn->setChecked(view_.showPreciseBn);
    c.unbiasedVariance->setChecked(view_.unbiasedVariance);
    if (view_.layer < c.bnLayer->count())
        c.bnLayer->setCurrentIndex(view_.layer);
    fillFeatureRange();
    c.bnFeature->setValue(view_.feature);
}

void ControlPanel::viewEdited() {
    if (loading_)
        return;
    Controls& c = *c_;
    ViewSettings next = view_;
    bool ok = false;
    const std::vector<double> momenta = parseMomenta(c.comparedMomenta->text(), &ok);
    c.comparedProblem->setVisible(!ok);
    if (ok)
        next.comparedMomenta = momenta;
    next.showEma = c.showEma->isChecked();
    next.showDebiasedEma = c.showDebiasedEma->isChecked();
    next.showCumulative = c.showCumulative->isChecked();
    next.showPreciseBn = c.showPreciseBn->isChecked();
    next.unbiasedVariance = c.unbiasedVariance->isChecked();
    if (c.bnLayer->count() > 0) {
        next.layer = c.bnLayer->currentIndex();
        next.feature = c.bnFeature->value();
    }
    if (next == view_)
        return;
    replaceView(next);
    updateApplyButton();
    emit viewSettingsEdited(view_);
}

void ControlPanel::fillFeatureRange() {
    Controls& c = *c_;
    const int layer = c.bnLayer->currentIndex();
    const bool known = layer >= 0 && std::size_t(layer) < info_.bnFeatures.size();
    const QSignalBlocker block(c.bnFeature);
    c.bnFeature->setRange(
        0, known ? int(std::max<Eigen::Index>(1, info_.bnFeatures[std::size_t(layer)])) - 1
                 : std::max(0, view_.feature));
    c.bnFeature->setEnabled(known);
    if (known)
        c.bnFeature->setSuffix(
            tr("  (of 0–%1)")
                .arg(std::max<Eigen::Index>(1, info_.bnFeatures[std::size_t(layer)]) - 1));
    else
        c.bnFeature->setSuffix({});
}

void ControlPanel::setRunInfo(const RunInfo& info) {
    info_ = info;
    Controls& c = *c_;
    loading_ = true;
    {
        const QSignalBlocker block(c.bnLayer);
        c.bnLayer->clear();
        for (const std::string& name : info.bnLayerNames)
            c.bnLayer->addItem(QString::fromStdString(name));
        c.bnLayer->setEnabled(c.bnLayer->count() > 0);
        c.bnLayer->setPlaceholderText(tr("no BN layer"));
        if (c.bnLayer->count() > 0)
            c.bnLayer->setCurrentIndex(std::min(view_.layer, c.bnLayer->count() - 1));
    }
    fillFeatureRange();
    c.bnFeature->setValue(view_.feature); // clamped to the layer's features
    loading_ = false;
    if (c.bnLayer->count() > 0)
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
    Controls& c = *c_;
    QMap<QGroupBox*, bool> anyShown;
    for (auto it = c.rows.cbegin(); it != c.rows.cend(); ++it) {
        const bool shown = !hidden_.contains(it.key());
        it->field->setVisible(shown);
        if (it->label)
            it->label->setVisible(shown);
        anyShown[it->group] = anyShown.value(it->group, false) || shown;
    }
    if (hidden_.contains(QStringLiteral("comparedMomenta")))
        c.comparedProblem->hide();
    for (QGroupBox* group : c.groups)
        group->setVisible(anyShown.value(group, true));
}

} // namespace bnlab
