#include "HeadlessRun.h"

#include "CsvExport.h"
#include "Dashboard.h"
#include "Errors.h"
#include "FaultInjection.h"
#include "HeadlessOpenRun.h"
#include "HeadlessOutputs.h"
#include "HeadlessPlan.h"
#include "HeadlessStepCap.h"
#include "HeadlessSummary.h"
#include "MemoryBudget.h"
#include "Replay.h"
#include "SnapshotEvaluator.h"
#include "TextEscape.h"
#include "TrainingSession.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <memory>

namespace bnlab {

namespace {

// Runs this long report their progress on the error stream, every tenth.
constexpr long ProgressFrom = 20000;

} // namespace

namespace {

Split loadData(const TrainingConfig& c) {
    const bool bundledDigits = c.data.kind == DatasetKind::Digits && c.data.path.empty();
    return makeDatasets(c.data, c.seed,
                        bundledDigits ? TrainingSession::digitsCsv() : std::string());
}

// The validation accuracy under the slider's momentum at every evaluation: the bank's own
// numbers if the slider is one of its momenta, else the weight snapshots re-evaluated with
// the replayed statistics (as the window's Reevaluator does).
std::vector<ReevaluatedPoint> sliderAccuracy(const Trainer& trainer, const History& history,
                                             const EstimatorSpec& slider) {
    std::vector<ReevaluatedPoint> points;
    const auto& bank = trainer.config().estimators;
    for (std::size_t e = 0; e < bank.size(); ++e)
        if (bank[e] == slider) {
            for (const EvalRecord& r : history.evaluations())
                if (e < r.estimators.size())
                    points.push_back({r.step, r.estimators[e]});
            return points;
        }
    std::vector<const EvalRecord*> records;
    std::vector<long> steps;
    for (const EvalRecord& r : history.evaluations())
        if (r.weights) {
            records.push_back(&r);
            steps.push_back(r.step);
        }
    if (records.empty())
        return points;
    const SnapshotEvaluator evaluator(trainer);
    const std::vector<LayerStats> stats = replayAt(history, slider, steps);
    for (std::size_t i = 0; i < records.size(); ++i)
        points.push_back({records[i]->step,
                          evaluator.evaluate(records[i]->step, *records[i]->weights, stats[i])});
    return points;
}

} // namespace

int runHeadless(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QStringList args = arguments;
    if (!args.contains(QStringLiteral("--headless")))
        args.prepend(QStringLiteral("--headless"));
    const CommandLine line = parseCommandLine(args);
    if (!line.error.isEmpty()) {
        err << "bnlab: " << line.error << "\nTry 'bnlab --help' for the options.\n";
        err.flush();
        return ExitBadInput;
    }
    if (line.help) {
        out << commandLineHelp();
        out.flush();
        return ExitOk;
    }
    setMemoryBudget(std::uint64_t(line.memoryBudgetMiB) << 20); // 0: the default
    if (const QString problem = bnlab::applyKernelChoice(line); !problem.isEmpty()) {
        err << "bnlab: " << problem << "\n";
        return bnlab::ExitBadInput;
    }
    return runHeadless(line.run, out, err);
}

namespace {

DataShape shapeOf(const Split& data) {
    return {long(data.train.size()), long(data.validation.size()), long(data.train.features()),
            long(data.train.classes)};
}

int runChecked(const HeadlessOptions& options, QTextStream& out, QTextStream& err) {
    // Text from files is shown with its control characters escaped.
    const auto fail = [&err](const QString& message, int status) {
        err << "bnlab: "
            << QString::fromStdString(escapeControlCharacters(message.toStdString(), true)) << '\n';
        err.flush();
        return status;
    };

    if (!options.openRun.isEmpty())
        return runOpenedRunHeadless(options, out, err);
    // Everything that can be wrong with the input is found before the output directory is
    // touched: ranges before any data exists, the memory budget before anything runs.
    HeadlessPlan plan;
    StepCap cap;
    long asked = 0;
    std::unique_ptr<Trainer> trainer;
    try {
        plan = makeHeadlessPlan(options);
        if (!plan.run.isEmpty()) { // a lesson on a recorded run
            HeadlessOptions recorded = options;
            recorded.openRun = plan.run;
            return runOpenedRunHeadless(recorded, out, err);
        }
        validateRanges(plan.config);
        Split data = loadData(plan.config);
        asked = plan.steps;
        cap = headlessStepCap(plan.steps, estimateRunMemory(plan.config, shapeOf(data)),
                              memoryBudget());
        plan.steps = cap.steps;
        // Observation beside training: the same record as a serial run, bit for bit.
        trainer =
            std::make_unique<Trainer>(plan.config, std::move(data), ObservationMode::Parallel);
    } catch (const InputError& e) {
        return fail(QString::fromStdString(e.what()), ExitBadInput);
    } catch (const ConfigError& e) {
        return fail(QString::fromStdString(e.what()), ExitBadInput);
    }
    if (options.outputs.figures && !qobject_cast<QApplication*>(QCoreApplication::instance()))
        return fail("figures need a QApplication; write --outputs trace,eval,train instead",
                    ExitBadInput);
    const RunInfo info = trainer->info();
    // A lesson's view may point past a smaller model given on the command line.
    if (plan.view.layer >= int(info.bnFeatures.size()))
        plan.view.layer = 0;
    if (!info.bnFeatures.empty() &&
        plan.view.feature >= info.bnFeatures[std::size_t(plan.view.layer)])
        plan.view.feature = 0;
    OutputSet outputSet;
    if (options.outputs.any())
        if (QString problem = outputSet.prepare(options.outDir); !problem.isEmpty())
            return fail(problem, ExitBadInput);

    if (!cap.note.isEmpty()) { // said before a long run as well as after it
        err << "bnlab: note: the run stops at step " << cap.steps << " of the " << asked
            << " asked for: " << cap.note << '\n';
        err.flush();
    }
    injectFaultAt("headless-run");
    History history = trainer->emptyHistory();
    QElapsedTimer clock;
    clock.start();
    const long tenth = std::max(1L, plan.steps / 10);
    for (long i = 0; i < plan.steps && !trainer->diverged(); ++i) {
        appendTo(history, trainer->step());
        if (plan.steps >= ProgressFrom && (i + 1) % tenth == 0) {
            err << "  " << (i + 1) << " / " << plan.steps << " steps\n";
            err.flush();
        }
    }
    appendTo(history, trainer->finishObservations());
    const double seconds = double(clock.nsecsElapsed()) * 1e-9;

    // The slider's estimator exactly as the dashboard draws it (the view's variance choice).
    const EstimatorSpec sliderSpec = Dashboard::displayedSpec(plan.view, plan.view.sliderMomentum);
    const std::vector<ReevaluatedPoint> slider = sliderAccuracy(*trainer, history, sliderSpec);
    QStringList written;
    QString writeError;
    if (options.outputs.any())
        writeError = writeHeadlessOutputs(
            options, outputSet,
            {{&history, plan.config.estimators, plan.bankLabels, plan.bankLabels},
             &info,
             plan.view,
             plan.config.estimators,
             slider,
             runCaption(plan, info, history.steps())},
            written);

    out << headlessSummary({plan, info, history, sliderSpec, slider, seconds});
    if (!cap.note.isEmpty() && !trainer->diverged())
        out << "\nStopped at step " << cap.steps << " of the " << asked
            << " asked for: " << cap.note << '\n';
    reportWrittenFiles(out, options.outDir, written);
    out.flush();

    if (!writeError.isEmpty())
        return fail(writeError, ExitWriteFailed);
    if (trainer->diverged()) {
        QString files;
        if (!written.isEmpty())
            files = history.steps() > 0
                        ? QStringLiteral(" The files cover steps 1 to %1.").arg(history.steps())
                        : QStringLiteral(" No step completed; the files hold step 0 only.");
        return fail(QString::fromStdString(trainer->divergenceReason()) + files, ExitDiverged);
    }
    return ExitOk;
}

} // namespace

int runHeadless(const HeadlessOptions& options, QTextStream& out, QTextStream& err) {
    // The boundary: whatever goes wrong becomes a message and an exit status, never an abort.
    // Nothing has been published then: --out holds the earlier files.
    const char* problem = nullptr;
    std::string detail;
    try {
        return runChecked(options, out, err);
    } catch (const std::bad_alloc&) {
        problem = "out of memory: the run needs more memory than the machine could give; lower "
                  "--steps, --hidden, --samples or --precise-bn, or lower --memory-budget so "
                  "that such runs are refused before they start";
    } catch (const std::exception& e) {
        problem = "internal error: ";
        detail = escapeControlCharacters(e.what());
    } catch (...) {
        problem = "internal error (an unknown exception)";
    }
    err << "bnlab: " << problem << QString::fromStdString(detail) << '\n';
    err.flush();
    return ExitBadInput;
}

} // namespace bnlab
