#include "CsvExport.h"

// Conventions of all three files:
//  - numbers use '.' and the shortest text that reads back to the same double (std::to_chars is
//    locale independent), so a file replays bit for bit;
//  - a missing value is an empty cell;
//  - rows start at step 1. The population statistics at step 0 (at initialization) are not
//    in the trace: there is no batch row at step 0 to put them on.
//  - everything is written through QSaveFile: on any error nothing replaces the target.

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <charconv>
#include <cstring>

namespace bnlab {

namespace {

// Rows are gathered here and handed to the file in chunks of about this size.
constexpr qsizetype FlushBytes = qsizetype(1) << 20;
// The trace is replayed this many steps at a time, so memory stays bounded on long runs.
constexpr long StepBlock = 2048;

void appendNumber(QByteArray& out, double v) {
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, result.ptr - buf);
}

void appendInteger(QByteArray& out, long v) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, result.ptr - buf);
}

// Quotes a header or label cell only when CSV needs it.
QByteArray csvField(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

// A QSaveFile in a directory that does not exist fails with a vague message; say what is wrong.
QString directoryProblem(const QString& path) {
    // Walk up from the file's directory to the first that exists: is it a file?
    QFileInfo dir(QFileInfo(path).absolutePath());
    while (!dir.exists() && !dir.isRoot())
        dir = QFileInfo(dir.absolutePath());
    if (dir.exists() && !dir.isDir())
        return QStringLiteral("cannot write %1: %2 is not a directory")
            .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(dir.filePath()));
    if (!QFileInfo(QFileInfo(path).absolutePath()).exists())
        return QStringLiteral("cannot write %1: the directory %2 does not exist")
            .arg(QDir::toNativeSeparators(path),
                 QDir::toNativeSeparators(QFileInfo(path).absolutePath()));
    return {};
}

// A QSaveFile that reports the first error with the path, and never commits after one.
class CsvWriter {
  public:
    explicit CsvWriter(const QString& path) : path_(path), file_(path) {
        error_ = directoryProblem(path);
        if (ok() && !file_.open(QIODevice::WriteOnly))
            fail(file_.errorString());
    }
    ~CsvWriter() {
        if (!committed_)
            file_.cancelWriting();
    }
    bool ok() const { return error_.isEmpty(); }

    QByteArray& buffer() { return buffer_; }
    void flushIfFull() {
        if (buffer_.size() >= FlushBytes)
            flush();
    }
    // Returns an empty string, or the message naming the path and the problem.
    QString commit() {
        flush();
        if (ok() && !file_.commit())
            fail(file_.errorString());
        committed_ = ok();
        return error_;
    }

  private:
    void flush() {
        if (ok() && !buffer_.isEmpty() && file_.write(buffer_) != buffer_.size())
            fail(file_.errorString());
        buffer_.clear();
    }
    void fail(const QString& reason) {
        if (error_.isEmpty())
            error_ =
                QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path_), reason);
        file_.cancelWriting();
    }

    QString path_;
    QSaveFile file_;
    QByteArray buffer_;
    QString error_;
    bool committed_ = false;
};

// One (layer, feature, estimator) replay in progress, and its values for the current block.
struct EmaTrack {
    int layer;
    Eigen::Index feature;
    std::size_t spec;
    ScalarEstimate state;
    std::vector<double> mean, var; // after each step of the block
};

} // namespace

QString writeTraceCsv(const History& history, const std::vector<EstimatorSpec>& specs,
                      const QStringList& labels, const QString& path) {
    CsvWriter out(path);
    if (!out.ok())
        return out.commit();

    QByteArray& b = out.buffer();
    b.append("step,layer,feature,batch_mean,batch_var,pop_mean,pop_var");
    for (std::size_t s = 0; s < specs.size(); ++s) {
        const QString label = s < std::size_t(labels.size())
                                  ? labels[qsizetype(s)]
                                  : QString::fromStdString(specs[s].label());
        b.append(',').append(csvField(QStringLiteral("ema_mean@") + label));
        b.append(',').append(csvField(QStringLiteral("ema_var@") + label));
    }
    b.append('\n');

    const BatchStatsView stats = history.batchStats();
    const long steps = stats.steps();

    // Feature-major tracks, in the order the rows need them: layer, feature, estimator.
    std::vector<EmaTrack> tracks;
    for (int l = 0; l < stats.layers(); ++l)
        for (Eigen::Index f = 0; f < stats.features(l); ++f)
            for (std::size_t s = 0; s < specs.size(); ++s)
                tracks.push_back({l, f, s, ScalarEstimate(specs[s]), {}, {}});

    const auto& population = history.population();
    std::size_t nextPopulation = 0;

    for (long first = 1; first <= steps && out.ok(); first += StepBlock) {
        const long last = std::min(steps, first + StepBlock - 1);
        const std::size_t count = std::size_t(last - first + 1);
        // Replay this block for every track: the same update the engine runs online.
        for (EmaTrack& t : tracks) {
            const EstimatorSpec& spec = specs[t.spec];
            const auto& means = stats.means(t.layer, t.feature);
            const auto& vars = stats.vars(t.layer, t.feature);
            t.mean.resize(count);
            t.var.resize(count);
            for (std::size_t i = 0; i < count; ++i) {
                const std::size_t index = std::size_t(first - 1) + i;
                t.state.update(spec, means[index], vars[index], stats.count(t.layer, index));
                t.mean[i] = t.state.mean(spec);
                t.var[i] = t.state.var(spec);
            }
        }
        // Rows ordered by step, then layer, then feature.
        for (long step = first; step <= last; ++step) {
            while (nextPopulation < population.size() && population[nextPopulation].step < step)
                ++nextPopulation;
            const PopulationRecord* pop =
                nextPopulation < population.size() && population[nextPopulation].step == step
                    ? &population[nextPopulation]
                    : nullptr;
            const std::size_t i = std::size_t(step - first);
            std::size_t track = 0;
            for (int l = 0; l < stats.layers(); ++l) {
                for (Eigen::Index f = 0; f < stats.features(l); ++f) {
                    appendInteger(b, step);
                    b.append(',');
                    appendInteger(b, l);
                    b.append(',');
                    appendInteger(b, long(f));
                    b.append(',');
                    appendNumber(b, stats.means(l, f)[std::size_t(step - 1)]);
                    b.append(',');
                    appendNumber(b, stats.vars(l, f)[std::size_t(step - 1)]);
                    b.append(',');
                    if (pop && std::size_t(l) < pop->exact.mean.size()) {
                        appendNumber(b, pop->exact.mean[std::size_t(l)][f]);
                        b.append(',');
                        appendNumber(b, pop->exact.var[std::size_t(l)][f]);
                    } else {
                        b.append(',');
                    }
                    for (std::size_t s = 0; s < specs.size(); ++s, ++track) {
                        b.append(',');
                        appendNumber(b, tracks[track].mean[i]);
                        b.append(',');
                        appendNumber(b, tracks[track].var[i]);
                    }
                    b.append('\n');
                }
            }
            out.flushIfFull();
        }
    }
    return out.commit();
}

QString writeEvalCsv(const History& history, const QStringList& bankLabels, const QString& path) {
    CsvWriter out(path);
    if (!out.ok())
        return out.commit();

    QByteArray& b = out.buffer();
    b.append("step,mode,momentum,val_accuracy,val_loss\n");
    const auto row = [&b](long step, const char* mode, const QByteArray& momentum,
                          const Evaluation& e) {
        appendInteger(b, step);
        b.append(',').append(mode).append(',').append(momentum).append(',');
        appendNumber(b, e.accuracy);
        b.append(',');
        appendNumber(b, e.loss);
        b.append('\n');
    };
    for (const EvalRecord& r : history.evaluations()) {
        row(r.step, "batch", {}, r.batchStatistics);
        for (std::size_t e = 0; e < r.estimators.size(); ++e) {
            const QString label =
                e < std::size_t(bankLabels.size()) ? bankLabels[qsizetype(e)] : QString::number(e);
            row(r.step, "ema", csvField(label), r.estimators[e]);
        }
        row(r.step, "population", {}, r.population);
        out.flushIfFull();
    }
    return out.commit();
}

QString writeTrainCsv(const History& history, const QString& path) {
    CsvWriter out(path);
    if (!out.ok())
        return out.commit();

    QByteArray& b = out.buffer();
    b.append("step,loss,accuracy,lr\n");
    for (long step = 1; step <= history.steps(); ++step) {
        const std::size_t i = std::size_t(step - 1);
        appendInteger(b, step);
        b.append(',');
        appendNumber(b, history.loss()[i]);
        b.append(',');
        appendNumber(b, history.accuracy()[i]);
        b.append(',');
        appendNumber(b, history.learningRate()[i]);
        b.append('\n');
        out.flushIfFull();
    }
    return out.commit();
}

} // namespace bnlab
