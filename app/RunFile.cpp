#include "RunFile.h"

#include "Errors.h"
#include "Lesson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cmath>
#include <cstring>
#include <limits>

// Layout (docs/run-format.md): "BNLABRUN", u32 version, u32 0, u64 manifest length H, H bytes
// of UTF-8 JSON, zero padding to a multiple of 8, then the data section. Every array in the
// manifest is {"dtype", "shape", "offset"}, offset counted from the start of the data section,
// little-endian, C order.

namespace bnlab {

namespace {

constexpr char Magic[8] = {'B', 'N', 'L', 'A', 'B', 'R', 'U', 'N'};
constexpr std::uint64_t PreambleBytes = 24;

enum EvalMode : std::int64_t { ModeBatch = 0, ModeRunning = 1, ModePopulation = 2 };

std::uint64_t padTo8(std::uint64_t n) {
    return (n + 7) & ~std::uint64_t(7);
}

// ---- writing --------------------------------------------------------------------------------

class DataSection {
  public:
    template <class T>
    QJsonObject add(const T* values, std::size_t count, const char* dtype, QJsonArray shape) {
        bytes_.append(QByteArray(
            qsizetype(padTo8(std::uint64_t(bytes_.size())) - std::uint64_t(bytes_.size())), '\0'));
        const qsizetype offset = bytes_.size();
        bytes_.append(reinterpret_cast<const char*>(values), qsizetype(count * sizeof(T)));
        return {{"dtype", dtype}, {"shape", shape}, {"offset", double(offset)}};
    }
    QJsonObject doubles(const std::vector<double>& v) {
        return add(v.data(), v.size(), "<f8", QJsonArray{double(v.size())});
    }
    QJsonObject integers(const std::vector<std::int64_t>& v) {
        return add(v.data(), v.size(), "<i8", QJsonArray{double(v.size())});
    }
    const QByteArray& bytes() const { return bytes_; }

  private:
    QByteArray bytes_;
};

QJsonObject estimatorJson(const EstimatorSpec& s, const QString& label) {
    const char* kind = s.kind == EstimatorKind::Ema           ? "ema"
                       : s.kind == EstimatorKind::DebiasedEma ? "debiased_ema"
                                                              : "cumulative";
    return {{"kind", kind},
            {"decay", s.decay},
            {"unbiased_variance", s.unbiasedVariance},
            {"init_mean", s.initMean},
            {"init_var", s.initVar},
            {"label", label}};
}

QJsonObject layerStatsArrays(DataSection& data, const std::vector<const LayerStats*>& records,
                             int layer, Eigen::Index channels, const char* meanKey,
                             const char* varKey) {
    std::vector<double> mean, var;
    for (const LayerStats* s : records)
        for (Eigen::Index c = 0; c < channels; ++c) {
            mean.push_back(s->mean[std::size_t(layer)][c]);
            var.push_back(s->var[std::size_t(layer)][c]);
        }
    const QJsonArray shape{double(records.size()), double(channels)};
    return {{meanKey, data.add(mean.data(), mean.size(), "<f8", shape)},
            {varKey, data.add(var.data(), var.size(), "<f8", shape)}};
}

} // namespace

RunDescription describeRun(const TrainingConfig& config, const RunInfo& info) {
    RunDescription d;
    d.program = QStringLiteral("BN Lab " BNLAB_VERSION);
    d.info = info;
    QStringList hidden;
    for (int w : config.model.hidden)
        hidden << QString::number(w);
    d.model = QStringLiteral("MLP %1-%2-%3 with BatchNorm (%4 BN layers)")
                  .arg(info.inputs)
                  .arg(hidden.join('-'))
                  .arg(info.classes)
                  .arg(info.bnFeatures.size());
    Lesson lesson;
    lesson.config = config;
    d.configJson = QString::fromUtf8(
        QJsonDocument(
            QJsonDocument::fromJson(lessonToJson(lesson)).object().value("config").toObject())
            .toJson(QJsonDocument::Compact));
    d.layerTypes.assign(info.bnFeatures.size(), QStringLiteral("BatchNorm1d"));
    d.estimators = config.estimators;
    for (const EstimatorSpec& e : config.estimators)
        d.estimatorLabels << QString::fromStdString(e.label());
    return d;
}

QString saveRun(const RunDescription& run, const History& h, const QString& path) {
    const long steps = h.steps();
    DataSection data;
    QJsonObject manifest{{"format", "bnlab-run"},
                         {"version", RunFormatVersion},
                         {"producer", QJsonObject{{"program", run.program}}},
                         {"model", run.model},
                         {"dataset", QString::fromStdString(run.info.dataset)},
                         {"steps", double(steps)}};
    const QJsonDocument config = QJsonDocument::fromJson(run.configJson.toUtf8());
    manifest["config"] = config.isObject() ? config.object() : QJsonObject{};

    QJsonArray layers;
    for (int l = 0; l < h.layers(); ++l) {
        const Eigen::Index channels = h.features(l);
        std::vector<double> mean, var;
        mean.reserve(std::size_t(channels * steps));
        var.reserve(std::size_t(channels * steps));
        for (Eigen::Index c = 0; c < channels; ++c)
            for (long t = 1; t <= steps; ++t) {
                mean.push_back(h.batchMean(t, l, c));
                var.push_back(h.batchVar(t, l, c));
            }
        std::vector<std::int64_t> count(static_cast<std::size_t>(steps));
        for (long t = 1; t <= steps; ++t)
            count[std::size_t(t - 1)] = h.count(l, t);
        const QJsonArray shape{double(channels), double(steps)};
        const std::size_t li = std::size_t(l);
        QJsonObject layer{
            {"name", li < run.info.bnLayerNames.size()
                         ? QString::fromStdString(run.info.bnLayerNames[li])
                         : QStringLiteral("bn%1").arg(l)},
            {"type", li < run.layerTypes.size() ? run.layerTypes[li] : QStringLiteral("BatchNorm")},
            {"channels", double(channels)},
            {"batch_mean", data.add(mean.data(), mean.size(), "<f8", shape)},
            {"batch_var", data.add(var.data(), var.size(), "<f8", shape)},
            {"count", data.integers(count)}};
        if (li < run.layerMomentum.size())
            layer["momentum"] = std::isnan(run.layerMomentum[li])
                                    ? QJsonValue(QJsonValue::Null)
                                    : QJsonValue(run.layerMomentum[li]);
        layers.append(layer);
    }
    manifest["layers"] = layers;

    std::vector<std::int64_t> epoch(h.epoch().begin(), h.epoch().end());
    manifest["training"] = QJsonObject{{"loss", data.doubles(h.loss())},
                                       {"accuracy", data.doubles(h.accuracy())},
                                       {"lr", data.doubles(h.learningRate())},
                                       {"epoch", data.integers(epoch)}};

    QJsonArray estimators;
    for (std::size_t e = 0; e < run.estimators.size(); ++e)
        estimators.append(estimatorJson(run.estimators[e],
                                        e < std::size_t(run.estimatorLabels.size())
                                            ? run.estimatorLabels[qsizetype(e)]
                                            : QString::fromStdString(run.estimators[e].label())));
    manifest["estimators"] = estimators;

    if (!h.population().empty()) {
        std::vector<std::int64_t> popSteps;
        std::vector<const LayerStats*> exact, paper, pooled;
        bool precise = true;
        for (const PopulationRecord& p : h.population()) {
            popSteps.push_back(p.step);
            exact.push_back(&p.exact);
            precise = precise && p.precise.has_value();
            if (p.precise) {
                paper.push_back(&p.precise->paper);
                pooled.push_back(&p.precise->pooled);
            }
        }
        QJsonArray popLayers;
        for (int l = 0; l < h.layers(); ++l) {
            QJsonObject o = layerStatsArrays(data, exact, l, h.features(l), "mean", "var");
            if (precise) {
                const auto merge = [&o](const QJsonObject& more) {
                    for (auto it = more.begin(); it != more.end(); ++it)
                        o[it.key()] = it.value();
                };
                merge(
                    layerStatsArrays(data, paper, l, h.features(l), "precise_mean", "precise_var"));
                merge(
                    layerStatsArrays(data, pooled, l, h.features(l), "pooled_mean", "pooled_var"));
            }
            popLayers.append(o);
        }
        manifest["population"] =
            QJsonObject{{"step", data.integers(popSteps)}, {"layers", popLayers}};
    }

    std::vector<std::int64_t> evalStep, evalMode, evalEstimator;
    std::vector<double> evalAccuracy, evalLoss;
    const auto addEval = [&](long step, EvalMode mode, std::int64_t estimator,
                             const Evaluation& e) {
        if (std::isnan(e.accuracy) && std::isnan(e.loss))
            return; // not recorded: left out rather than written as a value
        evalStep.push_back(step);
        evalMode.push_back(mode);
        evalEstimator.push_back(estimator);
        evalAccuracy.push_back(e.accuracy);
        evalLoss.push_back(e.loss);
    };
    for (const EvalRecord& r : h.evaluations()) {
        addEval(r.step, ModeBatch, -1, r.batchStatistics);
        for (std::size_t e = 0; e < r.estimators.size(); ++e)
            addEval(r.step, ModeRunning, std::int64_t(e), r.estimators[e]);
        addEval(r.step, ModePopulation, -1, r.population);
    }
    manifest["evaluations"] = QJsonObject{{"step", data.integers(evalStep)},
                                          {"mode", data.integers(evalMode)},
                                          {"estimator", data.integers(evalEstimator)},
                                          {"accuracy", data.doubles(evalAccuracy)},
                                          {"loss", data.doubles(evalLoss)}};

    const QByteArray json = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    QByteArray preamble(Magic, 8);
    const std::uint32_t version = RunFormatVersion, reserved = 0;
    const std::uint64_t jsonBytes = std::uint64_t(json.size());
    preamble.append(reinterpret_cast<const char*>(&version), 4);
    preamble.append(reinterpret_cast<const char*>(&reserved), 4);
    preamble.append(reinterpret_cast<const char*>(&jsonBytes), 8);
    const std::uint64_t padding = padTo8(PreambleBytes + jsonBytes) - (PreambleBytes + jsonBytes);

    const QString shown = QDir::toNativeSeparators(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(shown, file.errorString());
    file.write(preamble);
    file.write(json);
    file.write(QByteArray(qsizetype(padding), '\0'));
    file.write(data.bytes());
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(shown, file.errorString());
    return {};
}

} // namespace bnlab
