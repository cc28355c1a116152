// The controls a lesson can hide, by objectName, and their readable names.
#include "ControlPanel.h"

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

} // namespace bnlab
