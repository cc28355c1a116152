#include "HeadlessSummary.h"

#include "ErrorSummary.h"
#include "Kernels.h"

#include <QStringList>
#include <cmath>

namespace bnlab {

namespace {

// More layers than this and the table shows only the average over layers.
constexpr int MaxLayerColumns = 3;
constexpr int NameWidth = 22;
constexpr int NumberWidth = 10;

QString symbol(Convention c) {
    return c == Convention::PyTorch ? QStringLiteral("α") : QStringLiteral("β");
}

// "β=0.99" for a plain momentum label, the label itself for other estimators.
QString momentumName(const QString& label, Convention c) {
    bool numeric = false;
    label.toDouble(&numeric);
    return numeric ? symbol(c) + "=" + label : label;
}

QString cell(double v) {
    return (std::isfinite(v) ? QString::number(v, 'g', 3) : QStringLiteral("–"))
        .leftJustified(NumberWidth);
}

QString widths(const std::vector<int>& hidden) {
    if (hidden.empty())
        return QStringLiteral("none");
    QStringList parts;
    for (int w : hidden)
        parts << QString::number(w);
    return parts.join(',');
}

QString conventionLine(Convention c) {
    return c == Convention::PyTorch
               ? QStringLiteral("PyTorch α (running = (1−α)·running + α·batch, unbiased variance)")
               : QStringLiteral("Keras β (moving = β·moving + (1−β)·batch, biased variance)");
}

long totalFeatures(const RunInfo& info) {
    long n = 0;
    for (auto f : info.bnFeatures)
        n += long(f);
    return n;
}

struct Row {
    QString name;
    EstimatorSpec spec;
};

void errorTable(const SummaryInput& in, const std::vector<Row>& rows, QStringList& out) {
    const History& h = in.history;
    const int layers = h.layers();
    if (layers == 0) {
        out << "No BN layers: nothing to compare with the population.";
        return;
    }
    std::vector<LayerPopulation> population;
    for (int l = 0; l < layers; ++l)
        population.push_back(layerPopulation(h.population(), l));
    if (population.front().steps.empty() || population.front().steps.front() > h.steps()) {
        out << "No population statistics were computed (--pop-every 0, or the run was too "
               "short): no error to report.";
        return;
    }
    const BatchStatsView stats = h.batchStats();
    const bool perLayer = layers <= MaxLayerColumns;
    const bool average = layers > 1;

    long lastStep = 0;
    QStringList lines;
    for (const Row& row : rows) {
        QString line = ("  " + row.name).leftJustified(NameWidth);
        double meanSum = 0, varSum = 0;
        for (int l = 0; l < layers; ++l) {
            const ErrorCurve curve =
                errorVsPopulation(stats, population[std::size_t(l)], l, row.spec);
            if (curve.steps.empty())
                continue;
            lastStep = curve.steps.back();
            meanSum += curve.meanError.back();
            varSum += curve.varError.back();
            if (perLayer)
                line += cell(curve.meanError.back()) + cell(curve.varError.back());
        }
        if (average)
            line += cell(meanSum / layers) + cell(varSum / layers);
        lines << line.trimmed().prepend("  ");
    }

    out << QStringLiteral("Running statistics vs population at step %1").arg(lastStep);
    out << "(RMS over a layer's features of |EMA − population| / population std for the mean,"
        << " |EMA − population| / population variance for the variance)";
    QString head1 = QString("  BN momentum").leftJustified(NameWidth);
    QString head2 = QString().leftJustified(NameWidth);
    if (perLayer)
        for (int l = 0; l < layers; ++l) {
            head1 += QString::fromStdString(in.info.bnLayerNames[std::size_t(l)])
                         .leftJustified(2 * NumberWidth);
            head2 += QString("mean").leftJustified(NumberWidth) +
                     QString("var").leftJustified(NumberWidth);
        }
    if (average) {
        head1 += QStringLiteral("average of %1 layers").arg(layers);
        head2 += QString("mean").leftJustified(NumberWidth) + QString("var");
    }
    out << head1.trimmed().prepend("  ") << head2.trimmed().prepend(QString(NameWidth, ' '))
        << lines;
}

void accuracyTable(const SummaryInput& in, const std::vector<Row>& rows, bool sliderInBank,
                   int sliderRow, QStringList& out) {
    const auto& evaluations = in.history.evaluations();
    if (evaluations.empty()) {
        out << "No validation was run (--eval-every 0, or the run was too short).";
        return;
    }
    const EvalRecord& last = evaluations.back();
    std::vector<std::pair<QString, Evaluation>> entries{{"batch statistics", last.batchStatistics}};
    for (std::size_t e = 0; e < last.estimators.size() && e < rows.size(); ++e)
        entries.emplace_back(
            "running " + rows[e].name +
                (sliderInBank && int(e) == sliderRow ? QStringLiteral(" (slider)") : QString()),
            last.estimators[e]);
    if (!sliderInBank)
        for (const ReevaluatedPoint& p : in.sliderAccuracy)
            if (p.step == last.step)
                entries.emplace_back("running " + rows.back().name + " (slider, replayed)",
                                     p.evaluation);
    entries.emplace_back("population", last.population);

    qsizetype width = 0;
    for (const auto& entry : entries)
        width = std::max(width, entry.first.size());
    out << QStringLiteral("Validation accuracy at step %1 (%2 samples)")
               .arg(last.step)
               .arg(in.info.validationSamples);
    for (const auto& [name, e] : entries)
        out << "  " + name.leftJustified(width + 3) +
                   QStringLiteral("%1 %").arg(100.0 * e.accuracy, 6, 'f', 2) +
                   QStringLiteral("   loss %1").arg(e.loss, 0, 'g', 4);
}

} // namespace

QString runCaption(const HeadlessPlan& plan, const RunInfo& info, long steps) {
    const Convention c = plan.view.convention;
    return QStringLiteral("%1 · batch %2 · BN momenta %3 %4 (%5) · %6 steps · seed %7")
        .arg(QString::fromStdString(info.dataset))
        .arg(plan.config.batchSize)
        .arg(symbol(c), plan.bankLabels.join(", "),
             c == Convention::PyTorch ? QStringLiteral("PyTorch") : QStringLiteral("Keras"))
        .arg(steps)
        .arg(plan.config.seed);
}

QString headlessSummary(const SummaryInput& in) {
    const HeadlessPlan& plan = in.plan;
    const TrainingConfig& c = plan.config;
    const ViewSettings& view = plan.view;
    const Convention convention = view.convention;
    QStringList out;

    out << QStringLiteral("BN Lab headless run: %1").arg(plan.title);
    out << QStringLiteral("  data        %1: %2 training / %3 validation samples, %4 inputs, "
                          "%5 classes")
               .arg(QString::fromStdString(in.info.dataset))
               .arg(in.info.trainingSamples)
               .arg(in.info.validationSamples)
               .arg(in.info.inputs)
               .arg(in.info.classes);
    const std::size_t layers = in.info.bnFeatures.size();
    out << QStringLiteral("  model       hidden %1 (%2), BN %3 the activation, %4 input BN: %5 "
                          "BN layer%6, %7 features")
               .arg(widths(c.model.hidden),
                    c.model.activation == Activation::Relu ? QStringLiteral("ReLU")
                                                           : QStringLiteral("tanh"),
                    c.model.placement == BnPlacement::BeforeActivation ? QStringLiteral("before")
                                                                       : QStringLiteral("after"),
                    c.model.inputBn ? QStringLiteral("with") : QStringLiteral("no"))
               .arg(layers)
               .arg(layers == 1 ? "" : "s")
               .arg(totalFeatures(in.info));
    out << QStringLiteral("  training    batch %1, learning rate %2, SGD momentum %3, %4 "
                          "batches, seed %5")
               .arg(c.batchSize)
               .arg(c.optimizer.learningRate)
               .arg(c.optimizer.sgdMomentum)
               .arg(c.batchOrder == BatchOrder::Shuffled ? QStringLiteral("shuffled")
                                                         : QStringLiteral("class-sorted"))
               .arg(c.seed);
    out << QStringLiteral("  BN momenta  %1: %2; slider %3")
               .arg(conventionLine(convention), plan.bankLabels.join(", "),
                    momentumLabel(view.sliderMomentum));
    const long steps = in.history.steps();
    out << QStringLiteral("  ran         %1 of %2 steps in %3 s (%4 steps/s)")
               .arg(steps)
               .arg(plan.steps)
               .arg(in.seconds, 0, 'f', 2)
               .arg(in.seconds > 0 ? QString::number(double(steps) / in.seconds, 'f', 0)
                                   : QStringLiteral("–"));
    out << QStringLiteral("  kernels     %1; runs repeat bit for bit on machines on the same path "
                          "(--kernels)")
               .arg(QString::fromStdString(kernelPathDescription(defaultKernelPath())));
    out << QString();

    // The bank's momenta, then the slider if it is not one of them.
    std::vector<Row> rows;
    for (std::size_t e = 0; e < c.estimators.size(); ++e)
        rows.push_back({momentumName(e < std::size_t(plan.bankLabels.size())
                                         ? plan.bankLabels[qsizetype(e)]
                                         : QString::fromStdString(c.estimators[e].label()),
                                     convention),
                        c.estimators[e]});
    const EstimatorSpec& slider = in.slider;
    int sliderRow = -1;
    for (std::size_t e = 0; e < c.estimators.size() && sliderRow < 0; ++e)
        if (c.estimators[e] == slider)
            sliderRow = int(e);
    const bool sliderInBank = sliderRow >= 0;
    std::vector<Row> errorRows = rows;
    if (sliderInBank)
        errorRows[std::size_t(sliderRow)].name += " (slider)";
    else
        errorRows.push_back(
            {momentumName(momentumLabel(view.sliderMomentum), convention) + " (slider)", slider});

    errorTable(in, errorRows, out);
    out << QString();
    std::vector<Row> accuracyRows = rows;
    if (!sliderInBank)
        accuracyRows.push_back(
            {momentumName(momentumLabel(view.sliderMomentum), convention), slider});
    accuracyTable(in, accuracyRows, sliderInBank, sliderRow, out);
    return out.join('\n') + '\n';
}

} // namespace bnlab
