#include "HeadlessRun.h"

#include "CsvExport.h"
#include "Dashboard.h"
#include "Errors.h"
#include "FaultInjection.h"
#include "HeadlessFigures.h"
#include "HeadlessOpenRun.h"
#include "HeadlessPlan.h"
#include "HeadlessSummary.h"
#include "Limits.h"
#include "MemoryBudget.h"
#include "OutputSet.h"
#include "Replay.h"
#include "SnapshotEvaluator.h"
#include "TextEscape.h"
#include "TrainingSession.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryFile>
#include <filesystem>
#include <memory>

namespace bnlab {

namespace {

// Runs this long report their progress on the error stream, every tenth.
constexpr long ProgressFrom = 20000;

} // namespace

QString prepareOutputDirectory(const QString& dir) {
    const QString shown = QDir::toNativeSeparators(dir);
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return QStringLiteral("cannot write to %1: it is a file, not a directory").arg(shown);
    if (!info.exists()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(dir.toStdString()), ec);
        if (ec)
            return QStringLiteral("cannot write to %1: %2")
                .arg(shown, QString::fromLocal8Bit(ec.message()));
    }
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".bnlab-write-test-XXXXXX")));
    if (!probe.open())
        return QStringLiteral("cannot write to %1: %2").arg(shown, probe.errorString());
    return {};
}

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

// Writes the requested files; returns the first problem, or an empty string.
QString writeOutputs(const HeadlessOptions& options, const QString& directory,
                     const HeadlessPlan& plan, const RunInfo& info, const History& history,
                     const std::vector<ReevaluatedPoint>& slider, QStringList& written) {
    const QDir dir(directory);
    const auto csv = [&](const QString& name, const QString& error) {
        if (error.isEmpty()) {
            written << name;
            afterOutputFileWritten();
        }
        return error;
    };
    if (options.outputs.trace)
        if (QString e = csv("trace.csv", writeTraceCsv(history, plan.config.estimators,
                                                       plan.bankLabels, dir.filePath("trace.csv")));
            !e.isEmpty())
            return e;
    if (options.outputs.eval)
        if (QString e =
                csv("eval.csv", writeEvalCsv(history, plan.bankLabels, dir.filePath("eval.csv")));
            !e.isEmpty())
            return e;
    if (options.outputs.train)
        if (QString e = csv("train.csv", writeTrainCsv(history, dir.filePath("train.csv")));
            !e.isEmpty())
            return e;
    if (options.outputs.figures) {
        FigureRequest request;
        request.directory = directory;
        request.formats = options.formats;
        request.scale = options.scale;
        request.caption = runCaption(plan, info, history.steps());
        if (QString e = writeFigures(info, history, plan.view, plan.config.estimators, slider,
                                     request, written);
            !e.isEmpty())
            return e;
    }
    return {};
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
    std::unique_ptr<Trainer> trainer;
    try {
        plan = makeHeadlessPlan(options);
        if (!plan.run.isEmpty()) { // a lesson on a recorded run
            HeadlessOptions recorded = options;
            recorded.openRun = plan.run;
            return runOpenedRunHeadless(recorded, out, err);
        }
        requireWithin(limits::Steps, double(plan.steps));
        validateRanges(plan.config);
        Split data = loadData(plan.config);
        requireWithinBudget(estimateRunMemory(plan.config, shapeOf(data)), plan.steps,
                            memoryBudget());
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
    if (options.outputs.any()) {
        writeError = writeOutputs(options, outputSet.stagingDirectory(), plan, info, history,
                                  slider, written);
        if (writeError.isEmpty())
            writeError = outputSet.publish();
        if (!writeError.isEmpty())
            written.clear(); // the earlier files in --out are unchanged
    }

    out << headlessSummary({plan, info, history, sliderSpec, slider, seconds});
    if (!written.isEmpty())
        out << '\n'
            << "Wrote " << written.size() << (written.size() == 1 ? " file to " : " files to ")
            << QDir::toNativeSeparators(QDir(options.outDir).absolutePath()) << ": "
            << written.join(", ") << '\n';
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
