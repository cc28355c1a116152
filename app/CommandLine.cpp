#include "CommandLine.h"

#include "Kernels.h"
#include "Limits.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>
#include <cmath>
#include <limits>

namespace bnlab {

namespace {

// Options of a headless run only; the window takes --lesson and --presentation.
const QStringList HeadlessOnly{
    "steps",      "seed",       "dataset",      "validation",     "samples",      "noise",
    "classes",    "hidden",     "input-bn",     "no-input-bn",    "bn-placement", "activation",
    "batch-size", "lr",         "sgd-momentum", "convention",     "momenta",      "slider",
    "pop-every",  "eval-every", "precise-bn",   "sorted-batches", "format",       "scale",
    "outputs",    "out",        "open-run"};

// The option's range from the table of limits (core/Limits.h), or null.
const Limit* limitOf(const QString& option) {
    for (const Limit* l : allLimits())
        if (option == QLatin1String(l->option))
            return l;
    return nullptr;
}

// Every option whose value has a limit says its range in --help, from the same table.
QList<QCommandLineOption> withRanges(QList<QCommandLineOption> options) {
    for (QCommandLineOption& o : options)
        if (const Limit* l = limitOf(o.names().constLast()); l && l->cap)
            o.setDescription(o.description() +
                             QStringLiteral(" At least %1. Runs stop at the cap of %2 (the "
                                            "window's), or sooner if the history of more steps "
                                            "would not fit in the memory budget, and say so.")
                                 .arg(l->min)
                                 .arg(QString::number(l->max, 'f', 0)));
        else if (l)
            o.setDescription(o.description() +
                             QStringLiteral(" Range: %1%2.")
                                 .arg(QString::fromStdString(l->range()),
                                      l->integer && o.names().constLast() == QLatin1String("hidden")
                                          ? QStringLiteral(" per layer, at most %1 layers")
                                                .arg(limits::HiddenLayers.max)
                                          : QString()));
    return options;
}

void addOptions(QCommandLineParser& p) {
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    p.addOptions(commandLineOptions());
    p.addPositionalArgument(QStringLiteral("FILE"), commandLineFileArgument(),
                            QStringLiteral("[FILE]"));
}

} // namespace

QList<QCommandLineOption> commandLineOptions() {
    return withRanges({
        {{"h", "help"}, "Show this help and exit."},
        {"headless", "Train without a window, write figures and CSV files to --out, print a "
                     "summary and exit."},
        {"lesson",
         "Start from a bundled lesson (its id such as 01-stationary, or the start of "
         "its title) or a lesson file. Other options override its values.",
         "NAME|FILE"},
        {"presentation", "Window only: open in presentation mode (large fonts and lines)."},

        {"steps", "Training steps (default: the lesson's suggested length, else 3000).", "N"},
        {"seed", "Random seed: data, initialization and batches (default 1).", "S"},
        {"dataset",
         "moons, blobs, circles, spirals, xor, digits, or a CSV file (numeric features, "
         "integer label in the last column; any name ending in .csv or an existing file). "
         "Default: moons.",
         "NAME|FILE"},
        {"validation",
         "Use this CSV file as the validation set and the whole --dataset for training "
         "(no split; default: 20% of the dataset is held out).",
         "FILE.csv"},
        {"samples", "Samples generated for a synthetic dataset (default 1000).", "N"},
        {"noise", "Noise of a synthetic dataset (default 0.15).", "X"},
        {"classes", "Classes of blobs and spirals (default 3).", "K"},
        {"hidden", "Hidden layer widths, or 'none' (default 16,16).", "W1,W2,..."},
        {"input-bn", "Add a BN layer on the raw inputs (default: off)."},
        {"no-input-bn", "No BN layer on the raw inputs (overrides a lesson)."},
        {"bn-placement", "BN before or after the activation (default: before).", "before|after"},
        {"activation", "relu or tanh (default: relu).", "relu|tanh"},
        {"batch-size", "Samples per batch, at least 2 (default 32).", "M"},
        {"lr", "Learning rate (default 0.05).", "X"},
        {"sgd-momentum",
         "SGD momentum: the optimizer's velocity, not the BN momentum (default 0.9).", "X"},
        {"convention",
         "How BN momenta are written: keras (moving = β·moving + (1−β)·batch, biased variance, "
         "default) or pytorch (running = (1−α)·running + α·batch, unbiased variance).",
         "pytorch|keras"},
        {"momenta",
         "BN momenta tracked and compared, in --convention, each in [0, 1] (default: "
         "0.5,0.9,0.99,0.999 for keras, 0.5,0.1,0.01,0.001 for pytorch). Written exactly "
         "like this in the CSV headers (ema_mean@0.99).",
         "M1,M2,..."},
        {"slider",
         "The highlighted BN momentum, in --convention (default: the last of --momenta, else "
         "0.99 for keras, 0.1 for pytorch). Need not be one of --momenta: it is replayed.",
         "M"},
        {"pop-every", "Exact population statistics every P steps; 0 = never (default 10).", "P"},
        {"eval-every", "Validation in every mode every V steps; 0 = never (default 50).", "V"},
        {"precise-bn", "PreciseBN batches at each population step; 0 = off (default 20).", "N"},
        {"sorted-batches",
         "Non-i.i.d. batches: each batch drawn from one class (default: shuffled)."},
        {"format", "Figure formats, any of png, jpg, svg, pdf (default: png).", "LIST"},
        {"scale",
         "Figure scale: raster figures are 1600×900 (dashboard 1920×1200) × K pixels "
         "(default 1).",
         "K"},
        {"outputs",
         "What to write: any of figures, trace, eval, train; or all (default) or none (train "
         "only, e.g. to time the engine).",
         "LIST"},
        {"out",
         "Directory for the files; created if missing (default: bnlab-out). The files of a "
         "run land together: they are written into a temporary folder beside DIR that then "
         "replaces DIR's earlier run files in one step.",
         "DIR"},
        {"memory-budget",
         "The memory budget in MiB (default: half of the physical memory). Runs that would "
         "exceed it before their first step are refused; a headless run stops at the steps whose "
         "history fits, and says so.",
         "MiB"},
        {"kernels",
         "The arithmetic of the network's matrix products: fma (fused multiply-add kernels on "
         "CPUs with AVX2 and FMA, about twice as fast), portable (the same bits on every "
         "machine) or auto (default: fma where the CPU has it). A run is reproduced bit for bit "
         "by machines on the same path; a whole class on portable reproduces one run exactly. "
         "The environment variable BNLAB_KERNELS sets the same.",
         "PATH"},
        {"open-run",
         "Render a recorded run (.bnlab, from BN Lab or python/bnlab_record.py) instead of "
         "training: its figures and CSV files, with --convention, --momenta (in PyTorch "
         "convention 'none' is momentum=None, the cumulative average) and --slider replayed "
         "over it.",
         "FILE.bnlab"},
    });
}

namespace {

// Numbers: the option is named in every message, and only finite values pass.
class Numbers {
  public:
    explicit Numbers(const QCommandLineParser& p) : p_(p) {}
    QString error;

    std::optional<double> momentum(const QString& name, const QString& text) {
        return checked(limits::BnMomentum, name, text);
    }
    // A value from the table of limits: parsed (whole numbers for integer limits) and checked.
    std::optional<double> limited(const Limit& limit) {
        const QString name = QString::fromLatin1(limit.option);
        if (!p_.isSet(name))
            return std::nullopt;
        return checked(limit, name, p_.value(name));
    }
    std::optional<double> checked(const Limit& limit, const QString& name, const QString& text) {
        const QString t = text.trimmed();
        bool ok = false;
        double v = 0;
        if (limit.integer) {
            const long long whole = t.toLongLong(&ok);
            if (!ok) {
                fail(QStringLiteral("--%1: '%2' is not a whole number").arg(name, text));
                return std::nullopt;
            }
            // Compared as integers: 2^53 + 1 would round to 2^53 as a double.
            if (whole < static_cast<long long>(limit.min) ||
                whole > static_cast<long long>(limit.max)) {
                fail(QStringLiteral("--%1: %2 is outside %3")
                         .arg(name, t, QString::fromStdString(limit.range())));
                return std::nullopt;
            }
            v = double(whole);
        } else {
            v = t.toDouble(&ok);
            if (!ok || !std::isfinite(v)) {
                fail(QStringLiteral("--%1: '%2' is not a number").arg(name, text));
                return std::nullopt;
            }
        }
        if (!limit.contains(v)) {
            fail(QStringLiteral("--%1: %2 is outside %3")
                     .arg(name, t, QString::fromStdString(limit.range())));
            return std::nullopt;
        }
        return v;
    }
    // A count with a cap (--steps): a whole number of at least limit.min, refused below it.
    // Above limit.max it is kept as asked (digits beyond what a long holds: the largest long);
    // the run stops at the cap and says so.
    std::optional<long> capped(const Limit& limit) {
        const QString name = QString::fromLatin1(limit.option);
        if (!p_.isSet(name))
            return std::nullopt;
        const QString text = p_.value(name), t = text.trimmed();
        bool ok = false;
        long long whole = t.toLongLong(&ok);
        static const QRegularExpression digits(QStringLiteral("^\\+?[0-9]+$"));
        if (!ok && digits.match(t).hasMatch()) {
            whole = std::numeric_limits<long long>::max();
            ok = true;
        }
        if (!ok) {
            fail(QStringLiteral("--%1: '%2' is not a whole number").arg(name, text));
            return std::nullopt;
        }
        if (whole < static_cast<long long>(limit.min)) {
            fail(QStringLiteral("--%1: %2 is below %3 (runs stop at the cap of %4)")
                     .arg(name, t, QString::number(limit.min), QString::number(limit.max, 'f', 0)));
            return std::nullopt;
        }
        return long(std::min<long long>(whole, std::numeric_limits<long>::max()));
    }
    void fail(const QString& message) {
        if (error.isEmpty())
            error = message;
    }

  private:
    const QCommandLineParser& p_;
};

QStringList listValue(const QString& text) {
    QStringList items = text.split(',', Qt::SkipEmptyParts);
    for (QString& s : items)
        s = s.trimmed();
    items.removeAll(QString());
    return items;
}

std::optional<FigureFormat> figureFormat(const QString& name) {
    const QString s = name.toLower();
    if (s == "png")
        return FigureFormat::Png;
    if (s == "jpg" || s == "jpeg")
        return FigureFormat::Jpg;
    if (s == "svg")
        return FigureFormat::Svg;
    if (s == "pdf")
        return FigureFormat::Pdf;
    return std::nullopt;
}

// The headless values; stops at the first problem (numbers.error).
void readHeadless(const QCommandLineParser& p, Numbers& n, HeadlessOptions& o) {
    using namespace limits;
    o.steps = n.capped(Steps);
    if (auto v = n.limited(Seed))
        o.seed = std::uint64_t(*v);
    o.dataset = p.value("dataset").trimmed();
    o.validation = p.value("validation").trimmed();
    if (p.isSet("dataset") && o.dataset.isEmpty())
        n.fail("--dataset: no dataset given");
    if (p.isSet("validation") && o.validation.isEmpty())
        n.fail("--validation: no file given");
    if (auto v = n.limited(Samples))
        o.samples = int(*v);
    if (auto v = n.limited(Classes))
        o.classes = int(*v);
    o.noise = n.limited(Noise);

    if (p.isSet("hidden")) {
        std::vector<int> widths;
        const QString text = p.value("hidden").trimmed();
        if (text.compare("none", Qt::CaseInsensitive) != 0) {
            const QStringList items = listValue(text);
            if (items.isEmpty())
                n.fail("--hidden: no layer widths given (write e.g. 16,16, or none)");
            if (!HiddenLayers.contains(double(items.size())))
                n.fail(QStringLiteral("--hidden: %1 layers; at most %2")
                           .arg(items.size())
                           .arg(HiddenLayers.max));
            for (const QString& item : items) {
                bool ok = false;
                const long long w = item.toLongLong(&ok);
                if (!ok) {
                    n.fail(QStringLiteral("--hidden: '%1' is not a layer width (a whole number "
                                          "in %2)")
                               .arg(item, QString::fromStdString(HiddenWidth.range())));
                    break;
                }
                if (!HiddenWidth.contains(double(w))) {
                    n.fail(QStringLiteral("--hidden: width %1 is outside %2")
                               .arg(item, QString::fromStdString(HiddenWidth.range())));
                    break;
                }
                widths.push_back(int(w));
            }
        }
        o.hidden = widths;
    }
    if (p.isSet("input-bn") && p.isSet("no-input-bn"))
        n.fail("--input-bn and --no-input-bn contradict each other");
    if (p.isSet("input-bn"))
        o.inputBn = true;
    if (p.isSet("no-input-bn"))
        o.inputBn = false;
    if (p.isSet("bn-placement")) {
        const QString v = p.value("bn-placement").trimmed().toLower();
        if (v == "before")
            o.placement = BnPlacement::BeforeActivation;
        else if (v == "after")
            o.placement = BnPlacement::AfterActivation;
        else
            n.fail(QStringLiteral("--bn-placement: '%1' is not before or after")
                       .arg(p.value("bn-placement")));
    }
    if (p.isSet("activation")) {
        const QString v = p.value("activation").trimmed().toLower();
        if (v == "relu")
            o.activation = Activation::Relu;
        else if (v == "tanh")
            o.activation = Activation::Tanh;
        else
            n.fail(QStringLiteral("--activation: '%1' is not relu or tanh")
                       .arg(p.value("activation")));
    }
    if (auto v = n.limited(BatchSize))
        o.batchSize = int(*v);
    o.learningRate = n.limited(LearningRate);
    o.sgdMomentum = n.limited(SgdMomentum);
    if (p.isSet("convention")) {
        const QString v = p.value("convention").trimmed().toLower();
        if (v == "pytorch")
            o.convention = Convention::PyTorch;
        else if (v == "keras")
            o.convention = Convention::Keras;
        else
            n.fail(QStringLiteral("--convention: '%1' is not pytorch or keras")
                       .arg(p.value("convention")));
    }
    if (p.isSet("momenta")) {
        o.momentaText = listValue(p.value("momenta"));
        if (o.momentaText.isEmpty())
            n.fail("--momenta: no momentum given");
        for (const QString& m : o.momentaText) {
            if (m.trimmed().compare(QStringLiteral("none"), Qt::CaseInsensitive) == 0) {
                // PyTorch's momentum=None: replayable from a recorded run only.
                if (!p.isSet("open-run")) {
                    n.fail("--momenta: none (the cumulative average) needs --open-run");
                    break;
                }
                o.momenta.push_back(std::numeric_limits<double>::quiet_NaN());
                continue;
            }
            const auto v = n.momentum("momenta", m);
            if (!v)
                break;
            // Each becomes a pair of CSV columns, which must be named apart.
            if (std::find(o.momenta.begin(), o.momenta.end(), *v) != o.momenta.end()) {
                n.fail(QStringLiteral("--momenta: %1 is given twice").arg(m));
                break;
            }
            o.momenta.push_back(*v);
        }
    }
    if (p.isSet("slider"))
        o.slider = n.momentum("slider", p.value("slider"));
    if (auto v = n.limited(PopulationEvery))
        o.populationEvery = int(*v);
    if (auto v = n.limited(EvaluateEvery))
        o.evaluateEvery = int(*v);
    if (auto v = n.limited(PreciseBnBatches))
        o.preciseBnBatches = int(*v);
    if (p.isSet("sorted-batches"))
        o.sortedBatches = true;

    if (p.isSet("format")) {
        o.formats.clear();
        const QStringList items = listValue(p.value("format"));
        if (items.isEmpty())
            n.fail("--format: no format given (png, jpg, svg or pdf)");
        for (const QString& item : items) {
            const auto f = figureFormat(item);
            if (!f) {
                n.fail(QStringLiteral("--format: '%1' is not png, jpg, svg or pdf").arg(item));
                break;
            }
            if (std::find(o.formats.begin(), o.formats.end(), *f) == o.formats.end())
                o.formats.push_back(*f);
        }
    }
    // The figure writer's own range: a scale it would refuse is refused before training.
    if (auto v = n.limited(FigureScale))
        o.scale = *v;
    if (p.isSet("outputs")) {
        const QStringList items = listValue(p.value("outputs").toLower());
        o.outputs = {false, false, false, false};
        if (items.isEmpty())
            n.fail("--outputs: nothing given (figures, trace, eval, train, all or none)");
        for (const QString& item : items) {
            if (item == "figures")
                o.outputs.figures = true;
            else if (item == "trace")
                o.outputs.trace = true;
            else if (item == "eval")
                o.outputs.eval = true;
            else if (item == "train")
                o.outputs.train = true;
            else if (item == "all")
                o.outputs = {};
            else if (item != "none")
                n.fail(QStringLiteral("--outputs: '%1' is not figures, trace, eval, train, all "
                                      "or none")
                           .arg(item));
        }
        if (items.contains("none") && items.size() > 1)
            n.fail("--outputs: none cannot be combined with other outputs");
    }
    if (p.isSet("open-run")) {
        o.openRun = p.value("open-run").trimmed();
        if (o.openRun.isEmpty())
            n.fail("--open-run: no file given");
        else if (p.isSet("lesson"))
            n.fail("--open-run and --lesson cannot be combined: a recorded run is not retrained");
    }
    if (p.isSet("out")) {
        o.outDir = p.value("out").trimmed();
        if (o.outDir.isEmpty())
            n.fail("--out: no directory given");
    }
}

} // namespace

CommandLine parseCommandLine(const QStringList& arguments) {
    CommandLine c;
    QCommandLineParser p;
    addOptions(p);
    if (!p.parse(QStringList{QStringLiteral("bnlab")} + arguments)) {
        c.error = p.errorText();
        return c;
    }
    c.help = p.isSet("help");
    c.headless = p.isSet("headless");
    c.presentation = p.isSet("presentation");
    c.lesson = p.value("lesson").trimmed();
    if (p.isSet("lesson") && c.lesson.isEmpty()) {
        c.error = "--lesson: no lesson given";
        return c;
    }
    // `bnlab FILE`, as a file manager starts it: one existing lesson or run file.
    const QStringList positional = p.positionalArguments();
    if (positional.size() > 1) {
        c.error =
            QStringLiteral("unexpected argument '%1' (one file at most)").arg(positional.at(1));
        return c;
    }
    if (!positional.isEmpty()) {
        c.file = positional.constFirst();
        if (!QFileInfo(c.file).isFile()) {
            c.error =
                QStringLiteral("unexpected argument '%1' (no such file; options start with --)")
                    .arg(c.file);
            return c;
        }
        if (p.isSet("lesson")) {
            c.error = QStringLiteral("both --lesson and the file '%1' name what to open: give one")
                          .arg(c.file);
            return c;
        }
        // A recorded run opens in the window (headless: --open-run); anything else is a lesson.
        if (isRunFile(c.file)) {
            if (p.isSet("headless")) {
                c.error = QStringLiteral("%1: a recorded run is rendered headless with --open-run "
                                         "%1")
                              .arg(c.file);
                return c;
            }
            c.runFile = c.file;
        } else {
            c.lesson = c.file;
        }
    }
    if (c.help)
        return c;
    if (p.isSet("memory-budget")) {
        Numbers numbers(p);
        if (auto v = numbers.limited(limits::MemoryBudgetMiB))
            c.memoryBudgetMiB = long(*v);
        if (!numbers.error.isEmpty()) {
            c.error = numbers.error;
            return c;
        }
    }
    if (p.isSet("kernels")) {
        c.kernels = p.value("kernels");
        if (!parseKernelPath(c.kernels.toStdString())) {
            c.error = QStringLiteral("--kernels '%1' is not a kernel path: use portable, fma or "
                                     "auto")
                          .arg(c.kernels);
            return c;
        }
    }
    if (!c.headless) {
        for (const QString& name : HeadlessOnly)
            if (p.isSet(name)) {
                c.error =
                    QStringLiteral("--%1 applies to headless runs only (add --headless)").arg(name);
                return c;
            }
        return c;
    }
    if (c.presentation) {
        c.error = "--presentation applies to the window only, not to --headless";
        return c;
    }
    c.run.lesson = c.lesson;
    Numbers numbers(p);
    readHeadless(p, numbers, c.run);
    c.error = numbers.error;
    return c;
}

QString commandLineSummary() {
    return QStringLiteral(
        "how BatchNorm's moving averages of its statistics behave while a small network trains");
}

QString commandLineFileArgument() {
    return QStringLiteral("A lesson file (.bnlesson or .json) to open, like --lesson FILE.");
}

QList<UsageLine> commandLineUsage() {
    return {
        {QStringLiteral("bnlab [--lesson NAME|FILE] [--presentation]"),
         QStringLiteral("open the window")},
        {QStringLiteral("bnlab FILE"),
         QStringLiteral("open a lesson or a recorded run (.bnlab) in the window")},
        {QStringLiteral("bnlab --headless [options]"),
         QStringLiteral("train, write files, summarize")},
        {QStringLiteral("bnlab --headless --open-run RUN.bnlab [options]"),
         QStringLiteral("render a recorded run")},
    };
}

QList<HelpSection> commandLineNotes() {
    return {
        {QStringLiteral("FILES"), QStringLiteral("Headless runs write into --out"),
         QStringLiteral(
             "trace.csv     step,layer,feature,batch_mean,batch_var,pop_mean,pop_var,\n"
             "              ema_mean@M,ema_var@M,... (one row per step ≥ 1, BN layer and\n"
             "              feature; layers numbered from 0 at the input; batch_var and\n"
             "              pop_var are biased; pop_* are empty except every --pop-every\n"
             "              steps; the population at step 0 is not in the file; ema_* follow\n"
             "              --convention: from 0/1, pytorch averages the unbiased variance)\n"
             "eval.csv      step,mode,momentum,val_accuracy,val_loss (mode batch, ema —\n"
             "              one row per momentum — or population)\n"
             "train.csv     step,loss,accuracy,lr\n"
             "mean, variance, error, accuracy and dashboard figures in each --format\n"
             "Numbers use '.' and full precision; a missing value is an empty cell.")},
        {QStringLiteral("ENVIRONMENT"), QStringLiteral("Environment"),
         QStringLiteral("BNLAB_KERNELS  portable, fma or auto, as --kernels (which wins). Set\n"
                        "               portable on every machine of a class (for example in\n"
                        "               /etc/environment) to reproduce one run exactly.")},
        {QStringLiteral("EXIT STATUS"), QStringLiteral("Exit status"),
         QStringLiteral("0 success, 1 a file could not be written after training, 2 bad\n"
                        "usage or input (nothing is written), 3 the run diverged (files up to the\n"
                        "divergence are written).")},
        {QStringLiteral("EXAMPLES"), QStringLiteral("Examples"),
         QStringLiteral(
             "bnlab --headless --steps 2000 --momenta 0.9,0.99,0.999 --out runs/moons\n"
             "bnlab --headless --lesson 01-stationary --format png,pdf --scale 2 --out slides\n"
             "bnlab --headless --convention pytorch --momenta 0.1,0.01 --sorted-batches \\\n"
             "      --dataset spirals --batch-size 8 --outputs trace,eval --out spirals\n"
             "bnlab --headless --dataset train.csv --validation test.csv --hidden 32 --out mine\n"
             "bnlab --headless --steps 100000 --outputs none      (time the engine)")},
    };
}

QString commandLineHelp() {
    QCommandLineParser p;
    addOptions(p);
    QString options = p.helpText();
    options = options.mid(std::max<qsizetype>(0, options.indexOf("Options:")));
    QString text = QStringLiteral("BN Lab: %1.\n\nUsage:\n").arg(commandLineSummary());
    for (const UsageLine& line : commandLineUsage())
        text += QStringLiteral("  %1  %2\n").arg(line.synopsis, -46).arg(line.what);
    text += QStringLiteral("\n") + options;
    for (const HelpSection& note : commandLineNotes()) {
        // The man page has these as sections; here each is a heading and an indented block.
        text += QStringLiteral("\n%1:\n").arg(note.helpHeading);
        for (const QString& line : note.body.split('\n'))
            text += QStringLiteral("  %1\n").arg(line);
    }
    return text;
}

bool isRunFile(const QString& path) {
    return path.endsWith(QStringLiteral(".bnlab"), Qt::CaseInsensitive);
}

QString figureSuffix(FigureFormat format) {
    switch (format) {
    case FigureFormat::Png:
        return "png";
    case FigureFormat::Jpg:
        return "jpg";
    case FigureFormat::Pdf:
        return "pdf";
    case FigureFormat::Svg:
        return "svg";
    }
    return "png";
}

QString applyKernelChoice(const CommandLine& line) {
    try {
        if (!line.kernels.isEmpty())
            chooseKernelPath(line.kernels.toStdString(), "--kernels");
        else
            (void)defaultKernelPath(); // reads BNLAB_KERNELS now: a bad value is refused at once
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace bnlab
