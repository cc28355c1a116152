// Lesson files: a strict reader (every problem names the file and the field, unknown keys are
// errors so a teacher's typo never passes silently), a writer that produces the same format,
// and lookup of the bundled lessons. The format is documented in resources/lessons/README.md.
#include "Lesson.h"

#include "Errors.h"
#include "JsonStrictness.h"
#include "Limits.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

namespace bnlab {

namespace {

constexpr auto FormatName = "bnlab-lesson";
constexpr int FormatVersion = 1;

// ---- Readable names of the enums --------------------------------------------------------------

template <typename E> using Names = std::vector<std::pair<const char*, E>>;

const Names<DatasetKind> datasetKinds{
    {"moons", DatasetKind::Moons},     {"blobs", DatasetKind::Blobs},
    {"circles", DatasetKind::Circles}, {"spirals", DatasetKind::Spirals},
    {"xor", DatasetKind::Xor},         {"digits", DatasetKind::Digits},
    {"csv", DatasetKind::CsvFile}};
const Names<BnPlacement> placements{{"before-activation", BnPlacement::BeforeActivation},
                                    {"after-activation", BnPlacement::AfterActivation}};
const Names<Activation> activations{{"relu", Activation::Relu}, {"tanh", Activation::Tanh}};
const Names<WeightInit> inits{
    {"auto", WeightInit::Auto}, {"he", WeightInit::He}, {"xavier", WeightInit::Xavier}};
const Names<LrSchedule> schedules{{"constant", LrSchedule::Constant},
                                  {"step-decay", LrSchedule::StepDecay},
                                  {"cosine", LrSchedule::Cosine}};
const Names<BatchOrder> batchOrders{{"shuffled", BatchOrder::Shuffled},
                                    {"sorted-by-class", BatchOrder::SortedByClass}};
const Names<Convention> conventions{{"keras", Convention::Keras}, {"pytorch", Convention::PyTorch}};
const Names<EstimatorKind> estimatorKinds{{"ema", EstimatorKind::Ema},
                                          {"debiased-ema", EstimatorKind::DebiasedEma},
                                          {"cumulative", EstimatorKind::Cumulative}};

template <typename E> QString nameOf(const Names<E>& names, E value) {
    for (const auto& [name, v] : names)
        if (v == value)
            return QString::fromLatin1(name);
    return {};
}

QString describe(const QJsonValue& v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 12);
    case QJsonValue::String:
        return QStringLiteral("the text \"%1\"").arg(v.toString());
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// ---- Reading ----------------------------------------------------------------------------------

// One JSON object being read. Each accessor records its key as known; finish() rejects any other
// key. Absent keys leave the default in place. Keys starting with "_" are notes and ignored.
class ObjectReader {
  public:
    ObjectReader(QString file, QString path, QJsonObject object)
        : file_(std::move(file)), path_(std::move(path)), object_(std::move(object)) {}

    [[noreturn]] void fail(const QString& key, const QString& problem) const {
        throw InputError(
            QStringLiteral("%1: %2: %3").arg(file_, field(key), problem).toStdString());
    }
    QString field(const QString& key) const { return path_.isEmpty() ? key : path_ + '.' + key; }
    bool has(const char* key) const { return object_.contains(QLatin1String(key)); }

    const QJsonValue* get(const char* key) {
        known_.append(QString::fromLatin1(key));
        it_ = object_.constFind(QLatin1String(key));
        if (it_ == object_.constEnd())
            return nullptr;
        value_ = it_.value();
        return &value_;
    }

    void number(const char* key, double& out, double lo, double hi, bool openLo = false) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        if (!v->isDouble())
            fail(key, "expected a number, got " + describe(*v));
        const double x = v->toDouble();
        if (!(openLo ? x > lo : x >= lo) || !(x <= hi))
            fail(key,
                 QStringLiteral("%1 is outside %2%3, %4]")
                     .arg(describe(*v), openLo ? "(" : "[", QString::number(lo),
                          hi == std::numeric_limits<double>::max() ? "∞" : QString::number(hi)));
        out = x;
    }

    template <typename Int> void integer(const char* key, Int& out, double lo, double hi) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        if (!v->isDouble() || v->toDouble() != std::floor(v->toDouble()))
            fail(key, "expected a whole number, got " + describe(*v));
        const double x = v->toDouble();
        if (!(x >= lo && x <= hi))
            fail(key, QStringLiteral("%1 is outside [%2, %3]")
                          .arg(describe(*v), QString::number(lo, 'g', 16),
                               QString::number(hi, 'g', 16)));
        out = Int(x);
    }

    // A value whose range is in the table of limits (core/Limits.h).
    template <typename T> void limited(const char* key, T& out, const Limit& limit) {
        if (limit.integer) {
            integer(key, out, limit.min, limit.max);
        } else {
            double value = double(out);
            number(key, value, limit.min, limit.max, limit.openMin);
            out = T(value);
        }
    }

    void boolean(const char* key, bool& out) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        if (!v->isBool())
            fail(key, "expected true or false, got " + describe(*v));
        out = v->toBool();
    }

    void string(const char* key, QString& out) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        if (!v->isString())
            fail(key, "expected a text in quotes, got " + describe(*v));
        out = v->toString();
    }

    template <typename E> void choice(const char* key, E& out, const Names<E>& names) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        QStringList allowed;
        for (const auto& [name, value] : names) {
            if (v->isString() && v->toString() == QLatin1String(name)) {
                out = value;
                return;
            }
            allowed << QStringLiteral("\"%1\"").arg(QLatin1String(name));
        }
        fail(key, QStringLiteral("%1 is not one of %2").arg(describe(*v), allowed.join(", ")));
    }

    QJsonArray array(const char* key, bool* present) {
        const QJsonValue* v = get(key);
        *present = v != nullptr;
        if (!v)
            return {};
        if (!v->isArray())
            fail(key, "expected a list in [ ], got " + describe(*v));
        return v->toArray();
    }

    // Reads a nested object with `read` if present.
    void object(const char* key, const std::function<void(ObjectReader&)>& read) {
        const QJsonValue* v = get(key);
        if (!v)
            return;
        if (!v->isObject())
            fail(key, "expected an object in { }, got " + describe(*v));
        ObjectReader inner(file_, field(key), v->toObject());
        read(inner);
        inner.finish();
    }

    void finish() const {
        for (auto it = object_.constBegin(); it != object_.constEnd(); ++it)
            if (!it.key().startsWith('_') && !known_.contains(it.key()))
                fail(it.key(),
                     QStringLiteral("unknown key (known keys here: %1)").arg(known_.join(", ")));
    }

    const QString& file() const { return file_; }

  private:
    QString file_, path_;
    QJsonObject object_;
    QStringList known_;
    QJsonObject::const_iterator it_;
    QJsonValue value_;
};

constexpr double Inf = std::numeric_limits<double>::max();

std::string resolvePath(const QString& path, const QString& baseDirectory) {
    if (path.isEmpty() || baseDirectory.isEmpty() || QFileInfo(path).isAbsolute())
        return path.toStdString();
    return QDir::cleanPath(QDir(baseDirectory).absoluteFilePath(path)).toStdString();
}

void readDataset(ObjectReader& r, DatasetSpec& d, const QString& baseDirectory) {
    r.choice("kind", d.kind, datasetKinds);
    r.limited("samples", d.samples, limits::Samples);
    r.limited("noise", d.noise, limits::Noise);
    r.limited("classes", d.classes, limits::Classes);
    QString path = QString::fromStdString(d.path),
            validation = QString::fromStdString(d.validationPath);
    r.string("path", path);
    r.string("validationPath", validation);
    d.path = resolvePath(path, baseDirectory);
    d.validationPath = resolvePath(validation, baseDirectory);
    r.limited("validationFraction", d.validationFraction, limits::ValidationFraction);
}

void readModel(ObjectReader& r, ModelConfig& m) {
    bool present = false;
    const QJsonArray hidden = r.array("hidden", &present);
    if (present) {
        m.hidden.clear();
        if (!limits::HiddenLayers.contains(double(hidden.size())))
            r.fail("hidden", QStringLiteral("%1 layers; at most %2")
                                 .arg(hidden.size())
                                 .arg(limits::HiddenLayers.max));
        for (const QJsonValue& w : hidden) {
            const double x = w.toDouble(-1);
            if (!w.isDouble() || !limits::HiddenWidth.contains(x))
                r.fail("hidden",
                       QStringLiteral("every hidden width must be a whole number in "
                                      "%1, got %2")
                           .arg(QString::fromStdString(limits::HiddenWidth.range()), describe(w)));
            m.hidden.push_back(int(x));
        }
    }
    r.boolean("hiddenBn", m.hiddenBn);
    r.boolean("inputBn", m.inputBn);
    r.choice("placement", m.placement, placements);
    r.choice("activation", m.activation, activations);
    r.choice("init", m.init, inits);
    r.limited("bnEpsilon", m.bnEpsilon, limits::BnEpsilon);
}

void readOptimizer(ObjectReader& r, OptimizerConfig& o) {
    r.limited("learningRate", o.learningRate, limits::LearningRate);
    r.limited("sgdMomentum", o.sgdMomentum, limits::SgdMomentum);
    r.limited("weightDecay", o.weightDecay, limits::WeightDecay);
    r.choice("schedule", o.schedule, schedules);
    r.limited("stepDecayEvery", o.stepDecayEvery, limits::StepDecayEvery);
    r.limited("stepDecayFactor", o.stepDecayFactor, limits::StepDecayFactor);
    r.limited("cosineSteps", o.cosineSteps, limits::CosineSteps);
    r.limited("cosineFloor", o.cosineFloor, limits::CosineFloor);
}

void readShift(ObjectReader& r, DistributionShift& s) {
    r.boolean("enabled", s.enabled);
    r.limited("atStep", s.atStep, limits::ShiftAtStep);
    r.limited("shift", s.shift, limits::ShiftOffset);
    r.limited("scale", s.scale, limits::ShiftScale);
}

std::vector<EstimatorSpec> readEstimators(ObjectReader& r, const QJsonArray& list) {
    std::vector<EstimatorSpec> out;
    for (int i = 0; i < list.size(); ++i) {
        const QString key = QStringLiteral("estimators[%1]").arg(i);
        if (!list[i].isObject())
            r.fail(key, "expected an object in { }, got " + describe(list[i]));
        ObjectReader e(r.file(), r.field(key), list[i].toObject());
        EstimatorSpec spec;
        e.choice("kind", spec.kind, estimatorKinds);
        e.number("decay", spec.decay, 0.0, 1.0);
        e.boolean("unbiasedVariance", spec.unbiasedVariance);
        e.number("initMean", spec.initMean, -1e6, 1e6);
        e.number("initVar", spec.initVar, 0.0, 1e6);
        e.finish();
        out.push_back(spec);
    }
    return out;
}

void readConfig(ObjectReader& r, TrainingConfig& c, bool& hasEstimators,
                const QString& baseDirectory) {
    r.object("dataset", [&](ObjectReader& d) {
        readDataset(d, c.data, baseDirectory);
        if (c.data.kind == DatasetKind::CsvFile && c.data.path.empty())
            d.fail("path", "missing: a dataset of kind \"csv\" needs the path of its file");
    });
    r.object("model", [&](ObjectReader& m) { readModel(m, c.model); });
    r.object("optimizer", [&](ObjectReader& o) { readOptimizer(o, c.optimizer); });
    r.limited("batchSize", c.batchSize, limits::BatchSize);
    r.choice("batchOrder", c.batchOrder, batchOrders);
    r.object("shift", [&](ObjectReader& s) { readShift(s, c.shift); });
    r.limited("seed", c.seed, limits::Seed);
    r.limited("populationEvery", c.populationEvery, limits::PopulationEvery);
    r.limited("preciseBnBatches", c.preciseBnBatches, limits::PreciseBnBatches);
    r.limited("evaluateEvery", c.evaluateEvery, limits::EvaluateEvery);
    r.boolean("keepWeightSnapshots", c.keepWeightSnapshots);
    const QJsonArray estimators = r.array("estimators", &hasEstimators);
    if (hasEstimators)
        c.estimators = readEstimators(r, estimators);
}

void readView(ObjectReader& r, ViewSettings& v) {
    r.choice("convention", v.convention, conventions);
    r.number("sliderMomentum", v.sliderMomentum, 0.0, 1.0);
    bool present = false;
    const QJsonArray compared = r.array("comparedMomenta", &present);
    if (present) {
        v.comparedMomenta.clear();
        for (const QJsonValue& m : compared) {
            if (!m.isDouble() || !(m.toDouble() >= 0.0 && m.toDouble() <= 1.0))
                r.fail("comparedMomenta",
                       "every momentum must be a number in [0, 1], got " + describe(m));
            v.comparedMomenta.push_back(m.toDouble());
        }
        if (v.comparedMomenta.empty())
            r.fail("comparedMomenta", "give at least one BN momentum");
    }
    r.boolean("showEma", v.showEma);
    r.boolean("showDebiasedEma", v.showDebiasedEma);
    r.boolean("showCumulative", v.showCumulative);
    r.boolean("showPreciseBn", v.showPreciseBn);
    r.boolean("unbiasedVariance", v.unbiasedVariance);
    r.integer("layer", v.layer, 0, 1e6);
    r.integer("feature", v.feature, 0, 1e9);
}

// Momenta in lesson text are placeholders (LessonText.h): a malformed one is an error here,
// not a brace on the student's screen.
void checkMomentumPlaceholders(const ObjectReader& r, const QString& field, const QString& text) {
    if (const QString problem = lessonTextProblem(text); !problem.isEmpty())
        r.fail(field, problem);
}

QString readExplanation(ObjectReader& r) {
    const QJsonValue* v = r.get("explanation");
    if (!v)
        return {};
    if (v->isString()) {
        checkMomentumPlaceholders(r, "explanation", v->toString());
        return v->toString();
    }
    if (!v->isArray())
        r.fail("explanation", "expected a text or a list of paragraphs, got " + describe(*v));
    QStringList paragraphs;
    for (const QJsonValue& p : v->toArray()) {
        if (!p.isString())
            r.fail("explanation", "every paragraph must be a text in quotes, got " + describe(p));
        checkMomentumPlaceholders(r, QStringLiteral("explanation[%1]").arg(paragraphs.size() + 1),
                                  p.toString());
        paragraphs << p.toString();
    }
    return explanationFromParagraphs(paragraphs);
}

QStringList readHiddenControls(ObjectReader& r) {
    bool present = false;
    const QJsonArray list = r.array("hiddenControls", &present);
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z][A-Za-z0-9_]*$"));
    QStringList names;
    for (const QJsonValue& n : list) {
        if (!n.isString() || !identifier.match(n.toString()).hasMatch())
            r.fail("hiddenControls", "every entry must be a control name such as "
                                     "\"batchSize\", got " +
                                         describe(n));
        names << n.toString();
    }
    return names;
}

// "file, line 3, column 7" from a byte offset into the text.
QString lineAndColumn(const QByteArray& json, int offset) {
    offset = std::clamp(offset, 0, int(json.size()));
    const QByteArray before = json.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = offset - int(before.lastIndexOf('\n'));
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

// ---- Writing ----------------------------------------------------------------------------------

QString relativePath(const std::string& path, const QString& baseDirectory) {
    const QString p = QString::fromStdString(path);
    if (p.isEmpty() || baseDirectory.isEmpty())
        return p;
    const QString relative = QDir(baseDirectory).relativeFilePath(p);
    return relative.startsWith(QLatin1String("..")) ? p : relative; // only inside the folder
}

QJsonObject datasetToJson(const DatasetSpec& d, const QString& baseDirectory) {
    QJsonObject o{{"kind", nameOf(datasetKinds, d.kind)},
                  {"samples", d.samples},
                  {"noise", d.noise},
                  {"classes", d.classes},
                  {"validationFraction", d.validationFraction}};
    if (!d.path.empty())
        o["path"] = relativePath(d.path, baseDirectory);
    if (!d.validationPath.empty())
        o["validationPath"] = relativePath(d.validationPath, baseDirectory);
    return o;
}

QJsonObject modelToJson(const ModelConfig& m) {
    QJsonArray hidden;
    for (int w : m.hidden)
        hidden.append(w);
    return {{"hidden", hidden},
            {"hiddenBn", m.hiddenBn},
            {"inputBn", m.inputBn},
            {"placement", nameOf(placements, m.placement)},
            {"activation", nameOf(activations, m.activation)},
            {"init", nameOf(inits, m.init)},
            {"bnEpsilon", m.bnEpsilon}};
}

QJsonObject optimizerToJson(const OptimizerConfig& o) {
    return {{"learningRate", o.learningRate},     {"sgdMomentum", o.sgdMomentum},
            {"weightDecay", o.weightDecay},       {"schedule", nameOf(schedules, o.schedule)},
            {"stepDecayEvery", o.stepDecayEvery}, {"stepDecayFactor", o.stepDecayFactor},
            {"cosineSteps", o.cosineSteps},       {"cosineFloor", o.cosineFloor}};
}

QJsonArray estimatorsToJson(const std::vector<EstimatorSpec>& estimators) {
    QJsonArray list;
    for (const EstimatorSpec& e : estimators)
        list.append(QJsonObject{{"kind", nameOf(estimatorKinds, e.kind)},
                                {"decay", e.decay},
                                {"unbiasedVariance", e.unbiasedVariance},
                                {"initMean", e.initMean},
                                {"initVar", e.initVar}});
    return list;
}

QJsonObject configToJson(const TrainingConfig& c, const QString& baseDirectory) {
    const auto& s = c.shift;
    return {{"dataset", datasetToJson(c.data, baseDirectory)},
            {"model", modelToJson(c.model)},
            {"optimizer", optimizerToJson(c.optimizer)},
            {"batchSize", c.batchSize},
            {"batchOrder", nameOf(batchOrders, c.batchOrder)},
            {"shift", QJsonObject{{"enabled", s.enabled},
                                  {"atStep", double(s.atStep)},
                                  {"shift", s.shift},
                                  {"scale", s.scale}}},
            {"seed", double(c.seed)},
            {"populationEvery", c.populationEvery},
            {"preciseBnBatches", c.preciseBnBatches},
            {"evaluateEvery", c.evaluateEvery},
            {"keepWeightSnapshots", c.keepWeightSnapshots},
            {"estimators", estimatorsToJson(c.estimators)}};
}

QJsonObject viewToJson(const ViewSettings& v) {
    QJsonArray compared;
    for (double m : v.comparedMomenta)
        compared.append(m);
    return {{"convention", nameOf(conventions, v.convention)},
            {"sliderMomentum", v.sliderMomentum},
            {"comparedMomenta", compared},
            {"showEma", v.showEma},
            {"showDebiasedEma", v.showDebiasedEma},
            {"showCumulative", v.showCumulative},
            {"showPreciseBn", v.showPreciseBn},
            {"unbiasedVariance", v.unbiasedVariance},
            {"layer", v.layer},
            {"feature", v.feature}};
}

// QJsonDocument sorts keys alphabetically, which buries "title" in the middle of a lesson. This
// writer puts keys in reading order (the order of the README) and keeps short lists on one line.
const QStringList keyOrder{"format", "version", "title", "explanation", "suggestedSteps",
                           "suggestedSpeed", "hiddenControls", "run", "config", "view",
                           // config
                           "dataset", "model", "optimizer", "batchSize", "batchOrder", "enabled",
                           "atStep", "shift", "scale", "seed", "populationEvery",
                           "preciseBnBatches", "evaluateEvery", "keepWeightSnapshots", "estimators",
                           // dataset, model, optimizer
                           "kind", "samples", "noise", "classes", "path", "validationPath",
                           "validationFraction", "hidden", "hiddenBn", "inputBn", "placement",
                           "activation", "init", "bnEpsilon", "learningRate", "sgdMomentum",
                           "weightDecay", "schedule", "stepDecayEvery", "stepDecayFactor",
                           "cosineSteps", "cosineFloor",
                           // estimators and view
                           "decay", "convention", "sliderMomentum", "comparedMomenta", "showEma",
                           "showDebiasedEma", "showCumulative", "showPreciseBn", "unbiasedVariance",
                           "initMean", "initVar", "layer", "feature"};

QByteArray scalarJson(const QJsonValue& v) {
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2); // strip "[" and "]"
}

void writeJson(const QJsonValue& v, int depth, QByteArray& out) {
    const QByteArray indent(4 * (depth + 1), ' '), closing(4 * depth, ' ');
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        QStringList keys = o.keys();
        std::stable_sort(keys.begin(), keys.end(), [](const QString& a, const QString& b) {
            const auto rank = [](const QString& k) {
                const auto i = keyOrder.indexOf(k);
                return i < 0 ? keyOrder.size() : i;
            };
            return rank(a) < rank(b);
        });
        out += "{\n";
        for (int i = 0; i < keys.size(); ++i) {
            out += indent + scalarJson(keys[i]) + ": ";
            writeJson(o.value(keys[i]), depth + 1, out);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += closing + "}";
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        QByteArrayList items;
        bool inline_ = true;
        for (const QJsonValue& item : a) {
            inline_ = inline_ && !item.isObject() && !item.isArray();
            items << scalarJson(item);
        }
        if (inline_ && items.join(", ").size() + indent.size() <= 90) {
            out += "[" + items.join(", ") + "]";
            return;
        }
        out += "[\n";
        for (int i = 0; i < a.size(); ++i) {
            out += indent;
            writeJson(a[i], depth + 1, out);
            out += i + 1 < a.size() ? ",\n" : "\n";
        }
        out += closing + "]";
    } else {
        out += scalarJson(v);
    }
}

QString lessonIdOf(const QString& path) {
    return QFileInfo(path).completeBaseName();
}

} // namespace

// ---- Public API -------------------------------------------------------------------------------

std::vector<EstimatorSpec> estimatorsForView(const ViewSettings& view) {
    std::vector<EstimatorSpec> bank;
    for (double m : view.comparedMomenta)
        bank.push_back(view.specFor(m));
    return bank;
}

bool sameConfiguration(const TrainingConfig& a, const TrainingConfig& b) {
    return configToJson(a, {}) == configToJson(b, {});
}

QStringList explanationParagraphs(const QString& html) {
    static const QRegularExpression paragraph(QStringLiteral("\\A\\s*<p>(.*?)</p>"),
                                              QRegularExpression::DotMatchesEverythingOption);
    QStringList paragraphs;
    QString rest = html;
    while (!rest.trimmed().isEmpty()) {
        const auto m = paragraph.match(rest);
        if (!m.hasMatch() || m.captured(1).contains(QLatin1String("<p>")))
            return {};
        paragraphs << m.captured(1);
        rest = rest.mid(m.capturedEnd());
    }
    return explanationFromParagraphs(paragraphs) == html ? paragraphs : QStringList{};
}

QString explanationFromParagraphs(const QStringList& paragraphs) {
    QStringList wrapped;
    for (const QString& p : paragraphs)
        wrapped << QStringLiteral("<p>%1</p>").arg(p);
    return wrapped.join('\n');
}

Lesson lessonFromJson(const QByteArray& json, const QString& displayName) {
    return lessonFromJson(json, displayName, {});
}

// "run": a recorded run (.bnlab) the lesson opens instead of training. A file name is looked up
// beside the lesson first, then among the bundled runs (":/runs/").
static void readRecordedRun(ObjectReader& r, Lesson& lesson, const QString& baseDirectory) {
    QString run;
    r.string("run", run);
    if (run.isEmpty())
        return;
    const QString beside = baseDirectory.isEmpty() ? QString() : QDir(baseDirectory).filePath(run);
    if (!beside.isEmpty() && QFileInfo::exists(beside))
        lesson.run = beside;
    else if (QFileInfo::exists(QStringLiteral(":/runs/") + run))
        lesson.run = QStringLiteral(":/runs/") + run;
    else
        r.fail("run",
               QStringLiteral("\"%1\" is neither beside the lesson nor a bundled run").arg(run));
}

Lesson lessonFromJson(const QByteArray& json, const QString& displayName,
                      const QString& baseDirectory) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(
            QStringLiteral("%1: %2: not valid JSON (%3)")
                .arg(displayName, lineAndColumn(json, error.offset), error.errorString())
                .toStdString());
    requireStrictJson(json, displayName);
    if (!doc.isObject())
        throw InputError(QStringLiteral("%1: the file must contain one JSON object { … }")
                             .arg(displayName)
                             .toStdString());

    ObjectReader r(displayName, {}, doc.object());
    QString format;
    r.string("format", format);
    if (format != QLatin1String(FormatName))
        r.fail("format", r.has("format")
                             ? QStringLiteral("\"%1\" is not \"%2\"").arg(format, FormatName)
                             : QStringLiteral("missing: a lesson starts with \"format\": \"%1\"")
                                   .arg(FormatName));
    int version = 0;
    r.integer("version", version, 0, 1e6);
    if (!r.has("version"))
        r.fail("version",
               QStringLiteral("missing (this program reads version %1)").arg(FormatVersion));
    if (version != FormatVersion)
        r.fail("version", QStringLiteral("%1 is not supported (this program reads version %2)")
                              .arg(version)
                              .arg(FormatVersion));

    Lesson lesson;
    lesson.id = lessonIdOf(displayName);
    r.string("title", lesson.title);
    if (lesson.title.trimmed().isEmpty())
        r.fail("title",
               r.has("title") ? "must not be empty" : "missing: every lesson needs a title");
    checkMomentumPlaceholders(r, QStringLiteral("title"), lesson.title);
    lesson.explanation = readExplanation(r);
    r.limited("suggestedSteps", lesson.suggestedSteps, limits::Steps);
    r.number("suggestedSpeed", lesson.suggestedSpeed, 0.0, 1e9);
    lesson.hiddenControls = readHiddenControls(r);

    bool hasEstimators = false;
    r.object("config",
             [&](ObjectReader& c) { readConfig(c, lesson.config, hasEstimators, baseDirectory); });
    r.object("view", [&](ObjectReader& v) { readView(v, lesson.view); });
    readRecordedRun(r, lesson, baseDirectory);
    r.finish();
    if (!hasEstimators)
        lesson.config.estimators = estimatorsForView(lesson.view);
    return lesson;
}

QByteArray lessonToJson(const Lesson& lesson) {
    return lessonToJson(lesson, {});
}

QByteArray lessonToJson(const Lesson& lesson, const QString& baseDirectory) {
    QJsonObject config = configToJson(lesson.config, baseDirectory);
    if (lesson.config.estimators == estimatorsForView(lesson.view))
        config.remove(QStringLiteral("estimators")); // the default: follows the view
    QJsonArray hidden;
    for (const QString& name : lesson.hiddenControls)
        hidden.append(name);
    const QStringList paragraphs = explanationParagraphs(lesson.explanation);
    QJsonValue explanation = lesson.explanation;
    if (!paragraphs.isEmpty())
        explanation = QJsonArray::fromStringList(paragraphs);
    QJsonObject root{{"format", FormatName},
                     {"version", FormatVersion},
                     {"title", lesson.title},
                     {"explanation", explanation},
                     {"suggestedSteps", double(lesson.suggestedSteps)},
                     {"suggestedSpeed", lesson.suggestedSpeed},
                     {"hiddenControls", hidden},
                     {"config", config},
                     {"view", viewToJson(lesson.view)}};
    if (!lesson.run.isEmpty())
        root["run"] = QFileInfo(lesson.run).fileName();
    QByteArray out;
    writeJson(root, 0, out);
    return out + "\n";
}

Lesson loadLesson(const QString& path) {
    // A lesson is a small text file: a device, a pipe or anything larger is refused unread.
    const QFileInfo info(path); // follows symbolic links
    const bool resource = path.startsWith(QLatin1Char(':'));
    if (!resource && info.exists() && !info.isFile())
        throw InputError(QStringLiteral("%1: not a regular file (a folder, device or pipe)")
                             .arg(path)
                             .toStdString());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(
            QStringLiteral("%1: cannot be read (%2)").arg(path, file.errorString()).toStdString());
    const QByteArray json = file.read(qint64(limits::MaxLessonBytes) + 1);
    if (qint64(json.size()) > qint64(limits::MaxLessonBytes))
        throw InputError(QStringLiteral("%1: larger than %2 KiB, the most a lesson file may hold")
                             .arg(path)
                             .arg(limits::MaxLessonBytes >> 10)
                             .toStdString());
    const QString folder = info.absolutePath();
    return lessonFromJson(json, path, folder);
}

QString saveLesson(const Lesson& lesson, const QString& path) {
    // A file this program would refuse to read is not written (a typo in a momentum placeholder).
    for (const auto& [field, text] :
         {std::pair{"title", &lesson.title}, std::pair{"explanation", &lesson.explanation}})
        if (const QString problem = lessonTextProblem(*text); !problem.isEmpty())
            return QStringLiteral("%1: %2: %3").arg(path, QLatin1String(field), problem);
    // QSaveFile writes a temporary file and renames it over `path` only when all went well.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot be written (%2)").arg(path, file.errorString());
    const QByteArray json = lessonToJson(lesson, QFileInfo(path).absolutePath());
    if (file.write(json) != json.size() || !file.commit())
        return QStringLiteral("%1: writing failed (%2)").arg(path, file.errorString());
    return {};
}

QStringList bundledLessonPaths() {
    const QDir dir(QStringLiteral(":/lessons"));
    QStringList paths;
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

Lesson findLesson(const QString& nameOrPath) {
    if (QFileInfo(nameOrPath).isFile())
        return loadLesson(nameOrPath);

    const QStringList paths = bundledLessonPaths();
    std::vector<Lesson> lessons;
    for (const QString& path : paths)
        lessons.push_back(loadLesson(path));

    const QString wanted = nameOrPath.trimmed();
    // Exact id ("03-momentum-tradeoff") or number ("3"): unambiguous by construction.
    bool isNumber = false;
    const int number = wanted.toInt(&isNumber);
    for (const Lesson& l : lessons) {
        if (l.id.compare(wanted, Qt::CaseInsensitive) == 0)
            return l;
        static const QRegularExpression leadingNumber(QStringLiteral("^(\\d+)"));
        const auto m = leadingNumber.match(l.id);
        if (isNumber && m.hasMatch() && m.captured(1).toInt() == number)
            return l;
    }
    // Otherwise a prefix of the id, the title, or the title without its "3. " numbering.
    static const QRegularExpression numbering(QStringLiteral("^\\s*\\d+[.)]?\\s*"));
    // The id without its number too: "momentum" finds "03-momentum-tradeoff".
    static const QRegularExpression idNumber(QStringLiteral("^\\d+-"));
    std::vector<const Lesson*> matches;
    for (const Lesson& l : lessons) {
        const QString bareTitle = QString(l.title).remove(numbering);
        const QString bareId = QString(l.id).remove(idNumber);
        if (!wanted.isEmpty() && (l.id.startsWith(wanted, Qt::CaseInsensitive) ||
                                  bareId.startsWith(wanted, Qt::CaseInsensitive) ||
                                  l.title.startsWith(wanted, Qt::CaseInsensitive) ||
                                  bareTitle.startsWith(wanted, Qt::CaseInsensitive)))
            matches.push_back(&l);
    }
    if (matches.size() == 1)
        return *matches.front();

    QStringList listed;
    for (const Lesson* l : matches)
        listed << QStringLiteral("%1 (%2)").arg(l->id, l->title);
    if (matches.size() > 1)
        throw InputError(QStringLiteral("lesson \"%1\" is ambiguous, it matches: %2")
                             .arg(nameOrPath, listed.join("; "))
                             .toStdString());
    for (const Lesson& l : lessons)
        listed << QStringLiteral("%1 (%2)").arg(l.id, l.title);
    throw InputError(
        QStringLiteral("lesson \"%1\": no such file and no bundled lesson matches; available: %2")
            .arg(nameOrPath, listed.isEmpty() ? QStringLiteral("none") : listed.join("; "))
            .toStdString());
}

} // namespace bnlab
