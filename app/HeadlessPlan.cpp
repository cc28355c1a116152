#include "HeadlessPlan.h"

#include "Errors.h"
#include "Lesson.h"

#include <QFileInfo>
#include <cmath>

namespace bnlab {

namespace {

struct NamedDataset {
    const char* name;
    DatasetKind kind;
};
constexpr NamedDataset DatasetNames[] = {
    {"moons", DatasetKind::Moons},     {"blobs", DatasetKind::Blobs},
    {"circles", DatasetKind::Circles}, {"spirals", DatasetKind::Spirals},
    {"xor", DatasetKind::Xor},         {"digits", DatasetKind::Digits},
};

void applyDataset(const QString& text, DatasetSpec& data) {
    for (const auto& named : DatasetNames)
        if (text.compare(QLatin1String(named.name), Qt::CaseInsensitive) == 0) {
            data.kind = named.kind;
            data.path.clear(); // digits: the bundled file
            return;
        }
    // Anything that looks like a file is one; a missing file is reported when it is read.
    if (text.endsWith(".csv", Qt::CaseInsensitive) || QFileInfo(text).isFile()) {
        data.kind = DatasetKind::CsvFile;
        data.path = text.toStdString();
        return;
    }
    throw ConfigError(QStringLiteral("--dataset: '%1' is neither a dataset (moons, blobs, "
                                     "circles, spirals, xor, digits) nor an existing file")
                          .arg(text)
                          .toStdString());
}

std::vector<double> defaultMomenta(Convention convention) {
    if (convention == Convention::PyTorch)
        return {0.5, 0.1, 0.01, 0.001};
    return {0.5, 0.9, 0.99, 0.999};
}
double defaultSlider(Convention convention) {
    return convention == Convention::PyTorch ? 0.1 : 0.99;
}

// The label of a bank entry: its momentum if it is a plain EMA of `convention`, else what it is.
QString bankLabel(const EstimatorSpec& spec, Convention convention) {
    if (spec.kind == EstimatorKind::Ema &&
        spec.unbiasedVariance == (convention == Convention::PyTorch))
        return momentumLabel(spec.momentumIn(convention));
    return QString::fromStdString(spec.label());
}

void applyModelAndTraining(const HeadlessOptions& o, TrainingConfig& c) {
    if (!o.dataset.isEmpty())
        applyDataset(o.dataset, c.data);
    if (!o.validation.isEmpty())
        c.data.validationPath = o.validation.toStdString();
    if (o.samples)
        c.data.samples = *o.samples;
    if (o.noise)
        c.data.noise = *o.noise;
    if (o.classes)
        c.data.classes = *o.classes;
    if (o.seed)
        c.seed = *o.seed;
    if (o.hidden)
        c.model.hidden = *o.hidden;
    if (o.inputBn)
        c.model.inputBn = *o.inputBn;
    if (o.placement)
        c.model.placement = *o.placement;
    if (o.activation)
        c.model.activation = *o.activation;
    if (o.batchSize)
        c.batchSize = *o.batchSize;
    if (o.learningRate)
        c.optimizer.learningRate = *o.learningRate;
    if (o.sgdMomentum)
        c.optimizer.sgdMomentum = *o.sgdMomentum;
    if (o.sortedBatches)
        c.batchOrder = *o.sortedBatches ? BatchOrder::SortedByClass : BatchOrder::Shuffled;
    if (o.populationEvery)
        c.populationEvery = *o.populationEvery;
    if (o.evaluateEvery)
        c.evaluateEvery = *o.evaluateEvery;
    if (o.preciseBnBatches)
        c.preciseBnBatches = *o.preciseBnBatches;
}

// The bank of BN momenta, the compared momenta and the slider, all in one convention.
void applyMomenta(const HeadlessOptions& o, bool fromLesson, HeadlessPlan& plan) {
    ViewSettings& view = plan.view;
    const Convention lessonConvention = view.convention;
    const Convention convention = o.convention.value_or(view.convention);
    const bool conventionChanged = convention != lessonConvention;
    view.convention = convention;

    auto& bank = plan.config.estimators;
    if (!o.momenta.empty()) {
        bank.clear();
        for (double m : o.momenta)
            bank.push_back(EstimatorSpec::inConvention(convention, m));
        plan.bankLabels = o.momentaText;
        view.comparedMomenta = o.momenta;
    } else if (!fromLesson) {
        bank.clear();
        view.comparedMomenta = defaultMomenta(convention);
        for (double m : view.comparedMomenta) {
            bank.push_back(EstimatorSpec::inConvention(convention, m));
            plan.bankLabels << momentumLabel(m);
        }
    } else {
        // The lesson's bank; in another convention the same decays get that convention's
        // variance, so "0.99" still means what the convention says.
        std::vector<double> compared;
        for (EstimatorSpec& spec : bank) {
            if (conventionChanged && spec.kind == EstimatorKind::Ema) {
                spec = EstimatorSpec::inConvention(convention, spec.momentumIn(convention));
                compared.push_back(spec.momentumIn(convention));
            }
            plan.bankLabels << bankLabel(spec, convention);
        }
        if (conventionChanged)
            view.comparedMomenta = compared;
    }

    if (o.slider)
        view.sliderMomentum = *o.slider;
    else if (!o.momenta.empty())
        view.sliderMomentum = o.momenta.back();
    else if (!fromLesson)
        view.sliderMomentum = defaultSlider(convention);
    else if (conventionChanged)
        view.sliderMomentum = EstimatorSpec::inConvention(lessonConvention, view.sliderMomentum)
                                  .momentumIn(convention);
    if (!fromLesson || conventionChanged)
        view.unbiasedVariance = convention == Convention::PyTorch;
}

} // namespace

QString momentumLabel(double momentum) {
    return QString::number(momentum, 'g', 12);
}

HeadlessPlan makeHeadlessPlan(const HeadlessOptions& options) {
    HeadlessPlan plan;
    const bool fromLesson = !options.lesson.isEmpty();
    if (fromLesson) {
        const Lesson lesson = findLesson(options.lesson);
        plan.title = lesson.title.isEmpty() ? lesson.id : lesson.title;
        plan.run = lesson.run;
        plan.config = lesson.config;
        plan.view = lesson.view;
        if (lesson.suggestedSteps > 0)
            plan.steps = lesson.suggestedSteps;
    } else {
        plan.title = QStringLiteral("custom configuration");
    }
    if (options.steps)
        plan.steps = *options.steps;
    applyModelAndTraining(options, plan.config);
    applyMomenta(options, fromLesson, plan);
    return plan;
}

} // namespace bnlab
