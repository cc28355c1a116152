// `bnlab --headless --open-run RUN.bnlab`: a recorded run rendered like a trained one. Nothing
// is retrained: the trace replays --momenta (in --convention, "none" = PyTorch momentum=None)
// over the recorded batch statistics; accuracy exists only where the file recorded it.
#include "HeadlessOpenRun.h"

#include "Dashboard.h"
#include "Errors.h"
#include "HeadlessOutputs.h"
#include "HeadlessPlan.h"
#include "RunFile.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <cmath>

namespace bnlab {

namespace {

// The recorded evaluations of `spec`, if the file has any.
std::vector<ReevaluatedPoint> recordedAccuracy(const RecordedRun& run, const EstimatorSpec& spec) {
    std::vector<ReevaluatedPoint> points;
    const auto& estimators = run.description.estimators;
    for (std::size_t e = 0; e < estimators.size(); ++e)
        if (estimators[e] == spec)
            for (const EvalRecord& r : run.history.evaluations())
                if (e < r.estimators.size() && !std::isnan(r.estimators[e].accuracy))
                    points.push_back({r.step, r.estimators[e]});
    return points;
}

QString describe(const RecordedRun& run, const EstimatorSpec& slider,
                 const std::vector<ReevaluatedPoint>& sliderPoints) {
    const RunDescription& d = run.description;
    const History& h = run.history;
    QString s;
    QTextStream out(&s);
    out << "Recorded run by " << d.program << ": " << h.steps() << " steps, " << h.layers()
        << " BN layers\n";
    if (!d.info.dataset.empty())
        out << "  dataset: " << QString::fromStdString(d.info.dataset) << '\n';
    out << "  model: " << d.model.section('\n', 0, 0).left(100)
        << (d.model.contains('\n') ? " …" : "") << '\n';
    for (int l = 0; l < h.layers(); ++l) {
        const std::size_t li = std::size_t(l);
        out << "  " << QString::fromStdString(d.info.bnLayerNames[li]) << ": "
            << (li < d.layerTypes.size() ? d.layerTypes[li] : QString()) << ", " << h.features(l)
            << " channels, n = " << h.count(l, 1) << " at step 1";
        if (li < d.layerMomentum.size())
            out << ", trained with momentum "
                << (std::isnan(d.layerMomentum[li]) ? QStringLiteral("None")
                                                    : QString::number(d.layerMomentum[li]));
        out << '\n';
    }
    out << "  population statistics recorded at " << h.population().size() << " steps\n";
    out << "  evaluations recorded at " << h.evaluations().size() << " steps";
    if (!d.estimatorLabels.isEmpty())
        out << " (running statistics: " << d.estimatorLabels.join(", ") << ')';
    out << '\n';
    out << "  slider " << QString::fromStdString(slider.label()) << ": ";
    if (sliderPoints.empty())
        out << "accuracy not recorded for this momentum (only replayed statistics)\n";
    else
        out << "accuracy "
            << QString::number(100.0 * sliderPoints.back().evaluation.accuracy, 'f', 1)
            << " % at step " << sliderPoints.back().step << '\n';
    return s;
}

} // namespace

int runOpenedRunHeadless(const HeadlessOptions& options, QTextStream& out, QTextStream& err) {
    const auto fail = [&err](const QString& message, int status) {
        err << "bnlab: " << message << '\n';
        err.flush();
        return status;
    };
    RecordedRun run;
    HeadlessPlan plan;
    // "none" is PyTorch's momentum=None: the cumulative average, not a decay.
    HeadlessOptions planOptions = options;
    planOptions.momenta.clear();
    planOptions.momentaText.clear();
    std::vector<EstimatorSpec> specs;
    QStringList labels;
    const Convention convention = options.convention.value_or(Convention::Keras);
    for (std::size_t i = 0; i < options.momenta.size(); ++i) {
        const double m = options.momenta[i];
        labels << options.momentaText[qsizetype(i)];
        if (std::isnan(m)) {
            specs.push_back(convention == Convention::PyTorch ? EstimatorSpec::pytorchCumulative()
                                                              : EstimatorSpec::cumulative(false));
        } else {
            specs.push_back(EstimatorSpec::inConvention(convention, m));
            planOptions.momenta.push_back(m);
            planOptions.momentaText << options.momentaText[qsizetype(i)];
        }
    }
    try {
        run = openRun(options.openRun);
        plan = makeHeadlessPlan(planOptions);
    } catch (const InputError& e) {
        return fail(QString::fromStdString(e.what()), ExitBadInput);
    } catch (const ConfigError& e) {
        return fail(QString::fromStdString(e.what()), ExitBadInput);
    }
    if (specs.empty()) {
        specs = plan.config.estimators;
        labels = plan.bankLabels;
    }
    if (options.outputs.figures && !qobject_cast<QApplication*>(QCoreApplication::instance()))
        return fail("figures need a QApplication; write --outputs trace,eval,train instead",
                    ExitBadInput);
    const RunInfo& info = run.description.info;
    if (plan.view.layer >= int(info.bnFeatures.size()))
        plan.view.layer = 0;
    if (plan.view.feature >= info.bnFeatures[std::size_t(plan.view.layer)])
        plan.view.feature = 0;
    // A recorded run's population is what the recorder computed, if anything.
    plan.view.unbiasedVariance = plan.view.convention == Convention::PyTorch;
    OutputSet outputSet;
    if (options.outputs.any())
        if (QString problem = outputSet.prepare(options.outDir); !problem.isEmpty())
            return fail(problem, ExitBadInput);

    const EstimatorSpec sliderSpec = Dashboard::displayedSpec(plan.view, plan.view.sliderMomentum);
    const std::vector<ReevaluatedPoint> slider = recordedAccuracy(run, sliderSpec);
    QStringList written;
    QString error;
    if (options.outputs.any())
        error =
            writeHeadlessOutputs(options, outputSet,
                                 {{&run.history, specs, labels, run.description.estimatorLabels},
                                  &info,
                                  plan.view,
                                  run.description.estimators,
                                  slider,
                                  QStringLiteral("%1 · %2 steps · recorded by %3")
                                      .arg(QFileInfo(options.openRun).fileName())
                                      .arg(run.history.steps())
                                      .arg(run.description.program)},
                                 written);
    out << describe(run, sliderSpec, slider);
    reportWrittenFiles(out, options.outDir, written);
    out.flush();
    return error.isEmpty() ? int(ExitOk) : fail(error, ExitWriteFailed);
}

} // namespace bnlab
