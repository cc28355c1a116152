// Reading a `.bnlab` run (docs/run-format.md). Everything is checked against the manifest and
// the file size before anything large is allocated; every message names the file, the field
// and the value. The file is memory-mapped, so a 10 000 000-record run is copied once, straight
// into the History's columns.
#include "ChunkedColumn.h"
#include "Errors.h"
#include "RunFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>

static_assert(std::endian::native == std::endian::little, "the run format is little-endian");

namespace bnlab {

std::uint64_t estimatedRunMemory(const std::vector<long>& channels, long steps,
                                 long populationRecords, long evaluations) {
    const std::uint64_t blocks =
        (std::uint64_t(std::max(0L, steps)) + ChunkedColumn::BlockSize - 1) /
        ChunkedColumn::BlockSize;
    std::uint64_t bytes = 0, features = 0;
    for (long c : channels) {
        features += std::uint64_t(c);
        bytes += std::uint64_t(steps) * sizeof(int); // the counts
    }
    bytes += features * 2 * blocks * ChunkedColumn::BlockSize * sizeof(double);
    bytes += std::uint64_t(steps) * (3 * sizeof(double) + sizeof(long)); // training curves
    bytes += std::uint64_t(populationRecords) * features * 6 * sizeof(double);
    bytes += std::uint64_t(evaluations) * 256; // an EvalRecord with a few estimators
    return bytes;
}

namespace {

constexpr char Magic[8] = {'B', 'N', 'L', 'A', 'B', 'R', 'U', 'N'};
constexpr std::uint64_t PreambleBytes = 24;
constexpr double Nan = std::numeric_limits<double>::quiet_NaN();

class Reader {
  public:
    explicit Reader(const QString& path) : path_(path), file_(path) {}

    RecordedRun read();

  private:
    [[noreturn]] void fail(const QString& message) const {
        throw InputError(
            QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path_), message).toStdString());
    }
    [[noreturn]] void badField(const QString& field, const QString& problem) const {
        fail(QStringLiteral("field %1: %2").arg(field, problem));
    }
    static QString shown(const QJsonValue& v) {
        if (v.isUndefined())
            return QStringLiteral("missing");
        if (v.isString())
            return QStringLiteral("\"%1\"").arg(v.toString().left(60));
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 17);
        if (v.isBool())
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (v.isNull())
            return QStringLiteral("null");
        return v.isArray() ? QStringLiteral("an array") : QStringLiteral("an object");
    }
    QJsonObject object(const QJsonObject& o, const QString& key, const QString& field) const {
        const QJsonValue v = o.value(key);
        if (!v.isObject())
            badField(field, QStringLiteral("expected an object, got %1").arg(shown(v)));
        return v.toObject();
    }
    long integer(const QJsonObject& o, const QString& key, const QString& field, long min,
                 long max) const {
        const QJsonValue v = o.value(key);
        const double d = v.toDouble(Nan);
        if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max))
            badField(field, QStringLiteral("expected an integer from %1 to %2, got %3")
                                .arg(min)
                                .arg(max)
                                .arg(shown(v)));
        return long(d);
    }
    QString text(const QJsonObject& o, const QString& key, const QString& field,
                 bool required) const {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() && !required)
            return {};
        if (!v.isString())
            badField(field, QStringLiteral("expected a string, got %1").arg(shown(v)));
        return v.toString();
    }

    // An array of the manifest, checked against the expected shape and the data section.
    struct Array {
        const uchar* bytes = nullptr;
        char kind = 'f'; // 'f' float, 'i' signed integer
        int itemSize = 8;
        std::size_t count = 0;
    };
    Array array(const QJsonObject& o, const QString& key, const QString& field,
                const std::vector<long>& shape) const;
    std::vector<double> doubles(const Array& a) const;
    std::vector<std::int64_t> integers(const Array& a, const QString& field) const;
    bool has(const QJsonObject& o, const QString& key) const { return o.contains(key); }

    void readLayers(const QJsonArray& layers, long steps, RecordedRun& run);
    void readTraining(const QJsonObject& manifest, long steps, RecordedRun& run);
    std::vector<PopulationRecord> readPopulation(const QJsonObject& manifest,
                                                 const std::vector<long>& channels);
    void readEstimators(const QJsonObject& manifest, RecordedRun& run);
    std::vector<EvalRecord> readEvaluations(const QJsonObject& manifest, long steps,
                                            std::size_t estimators);

    QString path_;
    QFile file_;
    const uchar* data_ = nullptr; // the data section
    std::uint64_t dataBytes_ = 0;
};

Reader::Array Reader::array(const QJsonObject& o, const QString& key, const QString& field,
                            const std::vector<long>& shape) const {
    const QJsonObject a = object(o, key, field);
    const QString dtype = text(a, "dtype", field + ".dtype", true);
    Array out;
    if (dtype == "<f8" || dtype == "<f4" || dtype == "<i8" || dtype == "<i4") {
        out.kind = dtype[1].toLatin1();
        out.itemSize = dtype[2].digitValue();
    } else {
        badField(field + ".dtype",
                 QStringLiteral("expected \"<f8\", \"<f4\", \"<i8\" or \"<i4\", got \"%1\"")
                     .arg(dtype.left(20)));
    }
    const QJsonValue shapeValue = a.value("shape");
    const QJsonArray given = shapeValue.toArray();
    QStringList expected, got;
    for (long n : shape)
        expected << QString::number(n);
    for (const QJsonValue& v : given)
        got << shown(v);
    if (!shapeValue.isArray() || expected != got)
        badField(field + ".shape",
                 QStringLiteral("expected [%1], got %2")
                     .arg(expected.join(", "), shapeValue.isArray()
                                                   ? QStringLiteral("[%1]").arg(got.join(", "))
                                                   : shown(shapeValue)));
    out.count = 1;
    for (long n : shape)
        out.count *= std::size_t(n);
    const long offset =
        integer(a, "offset", field + ".offset", 0, std::numeric_limits<long>::max() / 2);
    if (offset % out.itemSize != 0)
        badField(field + ".offset", QStringLiteral("%1 is not a multiple of the item size %2")
                                        .arg(offset)
                                        .arg(out.itemSize));
    const std::uint64_t end = std::uint64_t(offset) + out.count * std::uint64_t(out.itemSize);
    if (end > dataBytes_)
        badField(field, QStringLiteral("its %1 bytes at offset %2 run past the end of the data "
                                       "section (%3 bytes): the file is truncated or corrupt")
                            .arg(out.count * std::uint64_t(out.itemSize))
                            .arg(offset)
                            .arg(dataBytes_));
    out.bytes = data_ + offset;
    return out;
}

std::vector<double> Reader::doubles(const Array& a) const {
    std::vector<double> v(a.count);
    for (std::size_t i = 0; i < a.count; ++i) {
        const uchar* p = a.bytes + i * std::size_t(a.itemSize);
        if (a.kind == 'f' && a.itemSize == 8)
            std::memcpy(&v[i], p, 8);
        else if (a.kind == 'f') {
            float f;
            std::memcpy(&f, p, 4);
            v[i] = f;
        } else if (a.itemSize == 8) {
            std::int64_t n;
            std::memcpy(&n, p, 8);
            v[i] = double(n);
        } else {
            std::int32_t n;
            std::memcpy(&n, p, 4);
            v[i] = n;
        }
    }
    return v;
}

std::vector<std::int64_t> Reader::integers(const Array& a, const QString& field) const {
    if (a.kind != 'i')
        badField(field + ".dtype", QStringLiteral("expected an integer type (\"<i8\" or \"<i4\")"));
    std::vector<std::int64_t> v(a.count);
    for (std::size_t i = 0; i < a.count; ++i) {
        if (a.itemSize == 8) {
            std::memcpy(&v[i], a.bytes + i * 8, 8);
        } else {
            std::int32_t n;
            std::memcpy(&n, a.bytes + i * 4, 4);
            v[i] = n;
        }
    }
    return v;
}

void Reader::readLayers(const QJsonArray& layers, long steps, RecordedRun& run) {
    History& h = run.history;
    std::vector<double> meanBuffer, varBuffer;
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const QString field = QStringLiteral("layers[%1]").arg(l);
        const QJsonObject layer = layers[l].toObject();
        const long channels = run.description.info.bnFeatures[std::size_t(l)];
        const Array mean = array(layer, "batch_mean", field + ".batch_mean", {channels, steps});
        const Array var = array(layer, "batch_var", field + ".batch_var", {channels, steps});
        const std::vector<std::int64_t> count =
            integers(array(layer, "count", field + ".count", {steps}), field + ".count");
        std::vector<int> counts(count.size());
        bool constant = true;
        for (std::size_t t = 0; t < count.size(); ++t) {
            if (count[t] < 2 || count[t] > std::numeric_limits<int>::max())
                badField(field + ".count",
                         QStringLiteral("step %1 has %2; a batch statistic needs a count of at "
                                        "least 2 values per channel")
                             .arg(t + 1)
                             .arg(count[t]));
            counts[t] = int(count[t]);
            constant = constant && counts[t] == h.batchSize();
        }
        if (!constant)
            h.setCounts(int(l), std::move(counts));
        for (long c = 0; c < channels; ++c) {
            // Doubles are read in place from the mapping (offsets are multiples of 8 from an
            // 8-aligned data section); other types are converted into a buffer first.
            const auto column = [&](const Array& a, std::vector<double>& buffer) {
                const std::size_t n = std::size_t(steps);
                const uchar* p = a.bytes + std::size_t(c) * n * std::size_t(a.itemSize);
                if (a.kind == 'f' && a.itemSize == 8 &&
                    reinterpret_cast<std::uintptr_t>(p) % alignof(double) == 0)
                    return reinterpret_cast<const double*>(p);
                Array one = a;
                one.bytes = p;
                one.count = n;
                buffer = doubles(one);
                return static_cast<const double*>(buffer.data());
            };
            const double* m = column(mean, meanBuffer);
            const double* v = column(var, varBuffer);
            // One branch-free pass: NaN and ±inf make the sum non-finite, a negative variance
            // makes the minimum negative; the slow search for the culprit runs only then.
            double sum = 0.0, minVar = 0.0;
            for (long t = 0; t < steps; ++t) {
                sum += m[t] * 0.0 + v[t] * 0.0;
                minVar = std::min(minVar, v[t]);
            }
            if (sum == 0.0 && minVar >= 0.0) {
                h.appendBatchColumns(int(l), Eigen::Index(c), m, v, std::size_t(steps));
                continue;
            }
            for (long t = 0; t < steps; ++t)
                if (!(v[t] >= 0.0) || !std::isfinite(m[t]) || !std::isfinite(v[t]))
                    badField(!std::isfinite(m[t]) ? field + ".batch_mean" : field + ".batch_var",
                             QStringLiteral("channel %1, step %2 has %3; batch statistics must "
                                            "be finite and variances not negative")
                                 .arg(c)
                                 .arg(t + 1)
                                 .arg(std::isfinite(m[t]) ? v[t] : m[t]));
            h.appendBatchColumns(int(l), Eigen::Index(c), m, v, std::size_t(steps));
        }
    }
}

void Reader::readTraining(const QJsonObject& manifest, long steps, RecordedRun& run) {
    const auto curve = [&](const QJsonObject& training, const char* key) {
        if (!has(training, key))
            return std::vector<double>(std::size_t(steps), Nan); // not recorded
        return doubles(array(training, key, QStringLiteral("training.") + key, {steps}));
    };
    QJsonObject training;
    if (has(manifest, "training"))
        training = object(manifest, "training", "training");
    std::vector<long> epoch(std::size_t(steps), 0);
    if (has(training, "epoch")) {
        const auto e =
            integers(array(training, "epoch", "training.epoch", {steps}), "training.epoch");
        epoch.assign(e.begin(), e.end());
    }
    run.history.appendTrainingCurves(curve(training, "loss"), curve(training, "accuracy"),
                                     curve(training, "lr"), std::move(epoch));
}

std::vector<PopulationRecord> Reader::readPopulation(const QJsonObject& manifest,
                                                     const std::vector<long>& channels) {
    std::vector<PopulationRecord> out;
    if (!has(manifest, "population"))
        return out;
    const QJsonObject pop = object(manifest, "population", "population");
    const QJsonObject stepObject = object(pop, "step", "population.step");
    const QJsonArray shape = stepObject.value("shape").toArray();
    const long records = shape.size() == 1 ? long(shape[0].toDouble(-1)) : -1;
    if (records < 0)
        badField(
            "population.step.shape",
            QStringLiteral("expected [records], got %1").arg(shown(stepObject.value("shape"))));
    const auto steps =
        integers(array(pop, "step", "population.step", {records}), "population.step");
    const QJsonArray layers = pop.value("layers").toArray();
    if (layers.size() != qsizetype(channels.size()))
        badField(
            "population.layers",
            QStringLiteral("expected %1 layers, got %2").arg(channels.size()).arg(layers.size()));
    out.resize(std::size_t(records));
    for (long r = 0; r < records; ++r) {
        out[std::size_t(r)].step = long(steps[std::size_t(r)]);
        if (r > 0 && steps[std::size_t(r)] <= steps[std::size_t(r - 1)])
            badField("population.step", QStringLiteral("record %1 has step %2, not after %3")
                                            .arg(r)
                                            .arg(steps[std::size_t(r)])
                                            .arg(steps[std::size_t(r - 1)]));
    }
    const bool precise = !layers.isEmpty() && layers[0].toObject().contains("precise_mean");
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const QJsonObject layer = layers[l].toObject();
        const long c = channels[std::size_t(l)];
        const QString field = QStringLiteral("population.layers[%1].").arg(l);
        const auto stats = [&](const char* meanKey, const char* varKey, auto pick) {
            const auto mean = doubles(array(layer, meanKey, field + meanKey, {records, c}));
            const auto var = doubles(array(layer, varKey, field + varKey, {records, c}));
            for (long r = 0; r < records; ++r) {
                LayerStats& s = pick(out[std::size_t(r)]);
                s.mean.resize(channels.size());
                s.var.resize(channels.size());
                s.mean[std::size_t(l)] =
                    Eigen::Map<const Vector>(mean.data() + std::size_t(r * c), c);
                s.var[std::size_t(l)] =
                    Eigen::Map<const Vector>(var.data() + std::size_t(r * c), c);
            }
        };
        stats("mean", "var", [](PopulationRecord& p) -> LayerStats& { return p.exact; });
        if (precise) {
            stats("precise_mean", "precise_var", [](PopulationRecord& p) -> LayerStats& {
                if (!p.precise)
                    p.precise.emplace();
                return p.precise->paper;
            });
            stats("pooled_mean", "pooled_var", [](PopulationRecord& p) -> LayerStats& {
                if (!p.precise)
                    p.precise.emplace();
                return p.precise->pooled;
            });
        }
    }
    return out;
}

void Reader::readEstimators(const QJsonObject& manifest, RecordedRun& run) {
    const QJsonArray estimators = manifest.value("estimators").toArray();
    for (qsizetype e = 0; e < estimators.size(); ++e) {
        const QString field = QStringLiteral("estimators[%1]").arg(e);
        const QJsonObject o = estimators[e].toObject();
        EstimatorSpec s;
        const QString kind = text(o, "kind", field + ".kind", true);
        if (kind == "ema")
            s.kind = EstimatorKind::Ema;
        else if (kind == "debiased_ema")
            s.kind = EstimatorKind::DebiasedEma;
        else if (kind == "cumulative")
            s.kind = EstimatorKind::Cumulative;
        else
            badField(field + ".kind",
                     QStringLiteral("expected \"ema\", \"debiased_ema\" or \"cumulative\", got "
                                    "\"%1\"")
                         .arg(kind.left(30)));
        const QJsonValue decay = o.value("decay");
        if (!decay.isDouble() || !(decay.toDouble() >= 0.0 && decay.toDouble() <= 1.0))
            badField(field + ".decay",
                     QStringLiteral("expected a number from 0 to 1, got %1").arg(shown(decay)));
        s.decay = decay.toDouble();
        s.unbiasedVariance = o.value("unbiased_variance").toBool(false);
        s.initMean = o.value("init_mean").toDouble(0.0);
        s.initVar = o.value("init_var").toDouble(1.0);
        run.description.estimators.push_back(s);
        const QString label = text(o, "label", field + ".label", false);
        run.description.estimatorLabels
            << (label.isEmpty() ? QString::fromStdString(s.label()) : label);
    }
}

std::vector<EvalRecord> Reader::readEvaluations(const QJsonObject& manifest, long steps,
                                                std::size_t estimators) {
    std::vector<EvalRecord> out;
    if (!has(manifest, "evaluations"))
        return out;
    const QJsonObject ev = object(manifest, "evaluations", "evaluations");
    const QJsonArray shape = object(ev, "step", "evaluations.step").value("shape").toArray();
    const long n = shape.size() == 1 ? long(shape[0].toDouble(-1)) : -1;
    if (n < 0)
        badField("evaluations.step.shape", QStringLiteral("expected [evaluations]"));
    const auto step = integers(array(ev, "step", "evaluations.step", {n}), "evaluations.step");
    const auto mode = integers(array(ev, "mode", "evaluations.mode", {n}), "evaluations.mode");
    const auto estimator =
        integers(array(ev, "estimator", "evaluations.estimator", {n}), "evaluations.estimator");
    const auto accuracy = doubles(array(ev, "accuracy", "evaluations.accuracy", {n}));
    const auto loss = doubles(array(ev, "loss", "evaluations.loss", {n}));
    std::map<long, EvalRecord> byStep;
    const Evaluation missing{Nan, Nan};
    for (long i = 0; i < n; ++i) {
        const std::size_t k = std::size_t(i);
        const QString at = QStringLiteral("evaluations.%2 (evaluation %1)").arg(i);
        if (step[k] < 0 || step[k] > steps)
            badField(
                at.arg("step"),
                QStringLiteral("%1 is outside the run's steps 0 to %2").arg(step[k]).arg(steps));
        if (mode[k] < 0 || mode[k] > 2)
            badField(at.arg("mode"),
                     QStringLiteral("expected 0 (batch), 1 (running) or 2 (population), got %1")
                         .arg(mode[k]));
        if (mode[k] == 1 && (estimator[k] < 0 || std::uint64_t(estimator[k]) >= estimators))
            badField(at.arg("estimator"), QStringLiteral("%1 is not an index into the %2 "
                                                         "estimators of the manifest")
                                              .arg(estimator[k])
                                              .arg(estimators));
        auto [it, fresh] = byStep.try_emplace(long(step[k]));
        EvalRecord& r = it->second;
        if (fresh) {
            r.step = long(step[k]);
            r.batchStatistics = r.population = missing;
            r.estimators.assign(estimators, missing);
        }
        const Evaluation e{loss[k], accuracy[k]};
        if (mode[k] == 0)
            r.batchStatistics = e;
        else if (mode[k] == 2)
            r.population = e;
        else
            r.estimators[std::size_t(estimator[k])] = e;
    }
    for (auto& [s, r] : byStep)
        out.push_back(std::move(r));
    return out;
}

RecordedRun Reader::read() {
    if (!file_.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot open: %1").arg(file_.errorString()));
    const std::uint64_t size = std::uint64_t(file_.size());
    const uchar* base = size > 0 ? file_.map(0, qint64(size)) : nullptr;
    QByteArray copy; // when the file cannot be mapped (a pipe, some file systems)
    if (!base && size > 0) {
        copy = file_.readAll();
        base = reinterpret_cast<const uchar*>(copy.constData());
    }
    if (size < PreambleBytes || std::memcmp(base, Magic, 8) != 0)
        fail(QStringLiteral("not a BN Lab run: it does not start with \"BNLABRUN\""));
    std::uint32_t version;
    std::uint64_t jsonBytes;
    std::memcpy(&version, base + 8, 4);
    std::memcpy(&jsonBytes, base + 16, 8);
    if (version < 1 || version > std::uint32_t(RunFormatVersion))
        fail(QStringLiteral("format version %1 is not one this BN Lab reads (1 to %2); a newer "
                            "BN Lab may open it")
                 .arg(version)
                 .arg(RunFormatVersion));
    if (jsonBytes > RunFileLimits::MaxHeaderBytes || PreambleBytes + jsonBytes > size)
        fail(QStringLiteral("the manifest length %1 does not fit the file (%2 bytes)")
                 .arg(jsonBytes)
                 .arg(size));
    const std::uint64_t dataStart = (PreambleBytes + jsonBytes + 7) & ~std::uint64_t(7);
    data_ = base + std::min(dataStart, size);
    dataBytes_ = size - std::min(dataStart, size);

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(base + PreambleBytes),
                                qsizetype(jsonBytes)),
        &error);
    if (!doc.isObject())
        fail(QStringLiteral("the manifest is not a JSON object (%1 at byte %2)")
                 .arg(error.errorString())
                 .arg(error.offset));
    const QJsonObject manifest = doc.object();
    if (manifest.value("format").toString() != "bnlab-run")
        badField(
            "format",
            QStringLiteral("expected \"bnlab-run\", got %1").arg(shown(manifest.value("format"))));

    RecordedRun run;
    const QJsonObject producer = manifest.value("producer").toObject();
    run.description.program = producer.value("program").toString(QStringLiteral("unknown program"));
    run.description.model = text(manifest, "model", "model", false);
    run.description.configJson = QString::fromUtf8(
        QJsonDocument(manifest.value("config").toObject()).toJson(QJsonDocument::Compact));
    run.description.info.dataset = text(manifest, "dataset", "dataset", false).toStdString();
    const long steps = integer(manifest, "steps", "steps", 1, std::numeric_limits<int>::max());
    const QJsonValue layersValue = manifest.value("layers");
    const QJsonArray layers = layersValue.toArray();
    if (!layersValue.isArray() || layers.isEmpty() || layers.size() > RunFileLimits::MaxLayers)
        badField("layers", QStringLiteral("expected 1 to %1 BN layers, got %2")
                               .arg(RunFileLimits::MaxLayers)
                               .arg(layersValue.isArray() ? QString::number(layers.size())
                                                          : shown(layersValue)));
    bool anyMomentum = false;
    for (qsizetype l = 0; l < layers.size(); ++l) {
        const QString field = QStringLiteral("layers[%1]").arg(l);
        if (!layers[l].isObject())
            badField(field, QStringLiteral("expected an object, got %1").arg(shown(layers[l])));
        const QJsonObject layer = layers[l].toObject();
        run.description.info.bnFeatures.push_back(
            integer(layer, "channels", field + ".channels", 1, RunFileLimits::MaxChannels));
        const QString name = text(layer, "name", field + ".name", false);
        run.description.info.bnLayerNames.push_back(
            (name.isEmpty() ? QStringLiteral("bn%1").arg(l) : name).toStdString());
        run.description.layerTypes.push_back(text(layer, "type", field + ".type", false));
        const QJsonValue momentum = layer.value("momentum");
        run.description.layerMomentum.push_back(momentum.isDouble() ? momentum.toDouble() : Nan);
        anyMomentum = anyMomentum || !momentum.isUndefined();
    }
    if (!anyMomentum)
        run.description.layerMomentum.clear(); // not recorded (BN Lab's own runs)

    // The memory check, before any array is read.
    const auto recordsOf = [&](const char* section) {
        const QJsonArray shape =
            manifest.value(section).toObject().value("step").toObject().value("shape").toArray();
        return shape.size() == 1 ? std::max(0L, long(shape[0].toDouble(0))) : 0L;
    };
    std::vector<long> channels(run.description.info.bnFeatures.begin(),
                               run.description.info.bnFeatures.end());
    const std::uint64_t need =
        estimatedRunMemory(channels, steps, recordsOf("population"), recordsOf("evaluations"));
    if (need > RunFileLimits::MaxMemoryBytes)
        fail(QStringLiteral("opening this run would take about %1 MB of memory (%2 steps × %3 "
                            "BN layers), more than the limit of %4 MB")
                 .arg(need >> 20)
                 .arg(steps)
                 .arg(layers.size())
                 .arg(RunFileLimits::MaxMemoryBytes >> 20));

    // A constant count (BN Lab's own MLP) is the History's batch size; others go per step.
    const QJsonObject first = layers[0].toObject();
    const auto firstCount =
        integers(array(first, "count", "layers[0].count", {steps}), "layers[0].count");
    run.history =
        History(run.description.info.bnFeatures,
                int(std::clamp<std::int64_t>(firstCount[0], 2, std::numeric_limits<int>::max())));
    readTraining(manifest, steps, run);
    readLayers(layers, steps, run);
    for (PopulationRecord& p : readPopulation(manifest, channels))
        run.history.append(p);
    readEstimators(manifest, run);
    for (EvalRecord& e : readEvaluations(manifest, steps, run.description.estimators.size()))
        run.history.append(std::move(e));
    return run;
}

} // namespace

RecordedRun openRun(const QString& path) {
    return Reader(path).read();
}

} // namespace bnlab
