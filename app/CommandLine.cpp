#include "CommandLine.h"

#include <QCommandLineParser>
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

void addOptions(QCommandLineParser& p) {
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    p.addOptions({
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
        {"out", "Directory for the files; created if missing (default: bnlab-out).", "DIR"},
        {"open-run",
         "Render a recorded run (.bnlab, from BN Lab or python/bnlab_record.py) instead of "
         "training: its figures and CSV files, with --convention, --momenta (in PyTorch "
         "convention 'none' is momentum=None, the cumulative average) and --slider replayed "
         "over it.",
         "FILE.bnlab"},
    });
}

// Numbers: the option is named in every message, and only finite values pass.
class Numbers {
  public:
    explicit Numbers(const QCommandLineParser& p) : p_(p) {}
    QString error;

    std::optional<double> real(const QString& name) {
        if (!p_.isSet(name))
            return std::nullopt;
        return realFrom(name, p_.value(name));
    }
    std::optional<double> realFrom(const QString& name, const QString& text) {
        bool ok = false;
        const double v = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v)) {
            fail(QStringLiteral("--%1: '%2' is not a number").arg(name, text));
            return std::nullopt;
        }
        return v;
    }
    std::optional<long long> integer(const QString& name, long long min) {
        if (!p_.isSet(name))
            return std::nullopt;
        const QString text = p_.value(name);
        bool ok = false;
        const long long v = text.trimmed().toLongLong(&ok);
        if (!ok) {
            fail(QStringLiteral("--%1: '%2' is not a whole number").arg(name, text));
            return std::nullopt;
        }
        if (v < min) {
            fail(QStringLiteral("--%1: %2 is too small (at least %3)").arg(name).arg(v).arg(min));
            return std::nullopt;
        }
        return v;
    }
    std::optional<int> smallInteger(const QString& name, int min) {
        const auto v = integer(name, min);
        if (v && *v > std::numeric_limits<int>::max()) {
            fail(QStringLiteral("--%1: %2 is too large").arg(name).arg(*v));
            return std::nullopt;
        }
        return v ? std::optional<int>(int(*v)) : std::nullopt;
    }
    std::optional<double> momentum(const QString& name, const QString& text) {
        const auto v = realFrom(name, text);
        if (v && !(*v >= 0.0 && *v <= 1.0)) {
            fail(QStringLiteral("--%1: %2 is outside [0, 1]").arg(name, text.trimmed()));
            return std::nullopt;
        }
        return v;
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
    if (auto v = n.integer("steps", 1))
        o.steps = long(*v);
    if (auto v = n.integer("seed", 0))
        o.seed = std::uint64_t(*v);
    o.dataset = p.value("dataset").trimmed();
    o.validation = p.value("validation").trimmed();
    if (p.isSet("dataset") && o.dataset.isEmpty())
        n.fail("--dataset: no dataset given");
    if (p.isSet("validation") && o.validation.isEmpty())
        n.fail("--validation: no file given");
    o.samples = n.smallInteger("samples", 1);
    o.classes = n.smallInteger("classes", 2);
    o.noise = n.real("noise");
    if (o.noise && *o.noise < 0)
        n.fail(QStringLiteral("--noise: %1 must be ≥ 0").arg(p.value("noise")));

    if (p.isSet("hidden")) {
        std::vector<int> widths;
        const QString text = p.value("hidden").trimmed();
        if (text.compare("none", Qt::CaseInsensitive) != 0) {
            const QStringList items = listValue(text);
            if (items.isEmpty())
                n.fail("--hidden: no layer widths given (write e.g. 16,16, or none)");
            for (const QString& item : items) {
                bool ok = false;
                const int w = item.toInt(&ok);
                if (!ok || w < 1) {
                    n.fail(QStringLiteral("--hidden: '%1' is not a layer width (a whole number "
                                          "≥ 1)")
                               .arg(item));
                    break;
                }
                widths.push_back(w);
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
    // Ranges the engine checks itself (batch size, learning rate, SGD momentum) are left to
    // it, so the message is the same as in the window.
    if (auto v = n.integer("batch-size", std::numeric_limits<int>::min()))
        o.batchSize = int(std::clamp<long long>(*v, std::numeric_limits<int>::min(),
                                                std::numeric_limits<int>::max()));
    o.learningRate = n.real("lr");
    o.sgdMomentum = n.real("sgd-momentum");
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
    o.populationEvery = n.smallInteger("pop-every", 0);
    o.evaluateEvery = n.smallInteger("eval-every", 0);
    o.preciseBnBatches = n.smallInteger("precise-bn", 0);
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
    if (auto v = n.real("scale")) {
        if (*v > 0.0 && *v <= 8.0)
            o.scale = *v;
        else
            n.fail(QStringLiteral("--scale: %1 is outside (0, 8]").arg(p.value("scale")));
    }
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
    // One positional argument: a recorded run for the window (`bnlab run.bnlab`).
    const QStringList positional = p.positionalArguments();
    if (positional.size() == 1 && !p.isSet("headless") &&
        positional.constFirst().endsWith(QStringLiteral(".bnlab"), Qt::CaseInsensitive)) {
        c.runFile = positional.constFirst();
    } else if (!positional.isEmpty()) {
        c.error = QStringLiteral("unexpected argument '%1' (options start with --; a recorded "
                                 "run ends in .bnlab, or use --headless --open-run FILE)")
                      .arg(positional.constFirst());
        return c;
    }
    if (!c.runFile.isEmpty() && p.isSet("lesson")) {
        c.error = QStringLiteral("%1 and --lesson cannot be combined").arg(c.runFile);
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
    if (c.help)
        return c;
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

QString commandLineHelp() {
    QCommandLineParser p;
    addOptions(p);
    QString options = p.helpText();
    options = options.mid(std::max<qsizetype>(0, options.indexOf("Options:")));
    return QStringLiteral(
               "BN Lab: how BatchNorm's moving averages of its statistics behave while a small "
               "network trains.\n"
               "\n"
               "Usage:\n"
               "  bnlab [--lesson NAME|FILE] [--presentation]     open the window\n"
               "  bnlab RUN.bnlab                                 open a recorded run\n"
               "  bnlab --headless [options]                      train, write files, summarize\n"
               "  bnlab --headless --open-run RUN.bnlab [options] render a recorded run\n"
               "\n") +
           options +
           QStringLiteral(
               "\n"
               "Headless runs write into --out:\n"
               "  trace.csv     step,layer,feature,batch_mean,batch_var,pop_mean,pop_var,\n"
               "                ema_mean@M,ema_var@M,... (one row per step ≥ 1, BN layer and\n"
               "                feature; layers numbered from 0 at the input; batch_var and\n"
               "                pop_var are biased; pop_* are empty except every --pop-every\n"
               "                steps; the population at step 0 is not in the file; ema_* follow\n"
               "                --convention: from 0/1, pytorch averages the unbiased variance)\n"
               "  eval.csv      step,mode,momentum,val_accuracy,val_loss (mode batch, ema —\n"
               "                one row per momentum — or population)\n"
               "  train.csv     step,loss,accuracy,lr\n"
               "  mean, variance, error, accuracy and dashboard figures in each --format\n"
               "Numbers use '.' and full precision; a missing value is an empty cell.\n"
               "\n"
               "Exit status: 0 success, 1 a file could not be written after training, 2 bad\n"
               "usage or input (nothing is written), 3 the run diverged (files up to the\n"
               "divergence are written).\n"
               "\n"
               "Examples:\n"
               "  bnlab --headless --steps 2000 --momenta 0.9,0.99,0.999 --out runs/moons\n"
               "  bnlab --headless --lesson 01-stationary --format png,pdf --scale 2 --out slides\n"
               "  bnlab --headless --convention pytorch --momenta 0.1,0.01 --sorted-batches \\\n"
               "        --dataset spirals --batch-size 8 --outputs trace,eval --out spirals\n"
               "  bnlab --headless --dataset train.csv --validation test.csv --hidden 32 "
               "--out mine\n"
               "  bnlab --headless --steps 100000 --outputs none      (time the engine)\n"
               "  bnlab --headless --open-run run.bnlab --convention pytorch --momenta 0.1,none\n");
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

} // namespace bnlab
