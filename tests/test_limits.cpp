// The one table of limits (core/Limits.h) is what every front end enforces and documents:
// --help states each option's range, the lesson README states each key's range, the command
// line and the lesson reader accept each limit's ends and refuse what lies beyond, and the
// control panel's fields span exactly the table's ranges.
#include "CommandLine.h"
#include "ControlPanel.h"
#include "Errors.h"
#include "Lesson.h"
#include "Limits.h"

#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSpinBox>
#include <QValidator>
#include <QtTest>
#include <functional>

using namespace bnlab;

namespace {

// The --help paragraph of an option: from "--name" to the next option.
QString helpOf(const QString& option) {
    QStringList paragraph;
    for (const QString& line : commandLineHelp().split('\n')) {
        const QString trimmed = line.trimmed();
        const bool optionStarts = line.startsWith(QLatin1String("  -"));
        if (!paragraph.isEmpty() && (trimmed.isEmpty() || optionStarts))
            break; // the next option
        if (paragraph.isEmpty() &&
            !(optionStarts && trimmed.startsWith(QStringLiteral("--%1 ").arg(option))))
            continue;
        paragraph << trimmed;
    }
    return paragraph.join(' ');
}

QString text(double v) {
    return QString::fromStdString(formatLimitNumber(v));
}

// A lesson whose `key` (dotted, e.g. "config.dataset.samples") holds `value`.
QByteArray lessonWith(const QString& key, const QJsonValue& value) {
    QJsonObject root{{"format", "bnlab-lesson"}, {"version", 1}, {"title", "t"}};
    const QStringList parts = key.split('.');
    std::function<QJsonObject(QJsonObject, int)> set = [&](QJsonObject o, int i) {
        if (i + 1 == parts.size())
            o[parts[i]] = value;
        else
            o[parts[i]] = set(o[parts[i]].toObject(), i + 1);
        return o;
    };
    root = set(root, 0);
    return QJsonDocument(root).toJson();
}

QString lessonProblem(const QByteArray& json) {
    try {
        lessonFromJson(json, QStringLiteral("limits.json"));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QJsonValue lessonValue(const Limit& l, double v) {
    if (QLatin1String(l.lessonKey) == QLatin1String("config.model.hidden"))
        return QJsonArray{v};
    return v;
}

// Just beyond each end: the next whole number, or a small step out (the end itself if open).
QString above(const Limit& l) {
    if (l.integer)
        return QString::number(static_cast<long long>(l.max) + 1);
    return text(l.max + std::max(1e-6, std::abs(l.max) * 0.01));
}
QString below(const Limit& l) {
    if (l.openMin)
        return text(l.min);
    if (l.integer)
        return QString::number(static_cast<long long>(l.min) - 1);
    return text(l.min - std::max(1e-6, std::abs(l.min) * 0.01));
}

} // namespace

class TestLimits : public QObject {
    Q_OBJECT
  private slots:
    void helpStatesEveryRange();
    void lessonReadmeStatesEveryRange();
    void commandLineEnforcesEveryLimit();
    void lessonReaderEnforcesEveryLimit();
    void controlPanelSpansEveryRange();
    void hiddenWidthsFieldRefusesWidthsBeyondTheLimit();
};

void TestLimits::helpStatesEveryRange() {
    for (const Limit* l : allLimits()) {
        if (!*l->option)
            continue;
        const QString paragraph = helpOf(QString::fromLatin1(l->option));
        QVERIFY2(!paragraph.isEmpty(), l->option);
        if (l->cap) { // more is taken, and the run stops at the cap
            const QString said = QStringLiteral("At least %1. Runs stop at the cap of %2")
                                     .arg(l->min)
                                     .arg(QString::number(l->max, 'f', 0));
            QVERIFY2(paragraph.contains(said), qPrintable(paragraph));
            continue;
        }
        QVERIFY2(paragraph.contains(QString::fromStdString(l->range())),
                 qPrintable(QStringLiteral("--%1 should state %2: %3")
                                .arg(l->option, QString::fromStdString(l->range()), paragraph)));
    }
}

void TestLimits::lessonReadmeStatesEveryRange() {
    QFile f(QStringLiteral(BNLAB_RESOURCES_DIR "/lessons/README.md"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
    for (const Limit* l : allLimits()) {
        if (!*l->lessonKey)
            continue;
        QString key = QString::fromLatin1(l->lessonKey);
        if (key.startsWith(QLatin1String("config.")) || key.startsWith(QLatin1String("view.")))
            key = key.section('.', 1);
        const QString cell = QStringLiteral("| `%1` |").arg(key);
        const auto row = std::find_if(lines.begin(), lines.end(),
                                      [&](const QString& line) { return line.startsWith(cell); });
        QVERIFY2(row != lines.end(), qPrintable(cell));
        QVERIFY2(row->contains(QString::fromStdString(l->range())),
                 qPrintable(QStringLiteral("%1 should state %2").arg(*row, l->range().c_str())));
    }
}

void TestLimits::commandLineEnforcesEveryLimit() {
    for (const Limit* l : allLimits()) {
        if (!*l->option)
            continue;
        const QString option = QStringLiteral("--%1").arg(l->option);
        for (double ok : {l->openMin ? l->max : l->min, l->max}) {
            const CommandLine line = parseCommandLine({"--headless", option, text(ok)});
            QVERIFY2(line.error.isEmpty(), qPrintable(option + ' ' + text(ok) + ": " + line.error));
        }
        if (l->cap) { // above the cap is taken as asked; the run stops at the cap
            const CommandLine line = parseCommandLine({"--headless", option, above(*l)});
            QVERIFY2(line.error.isEmpty(),
                     qPrintable(option + ' ' + above(*l) + ": " + line.error));
            const CommandLine low = parseCommandLine({"--headless", option, below(*l)});
            QVERIFY2(low.error.contains(option) &&
                         low.error.contains(QStringLiteral("below %1").arg(l->min)),
                     qPrintable(option + ' ' + below(*l) + ": '" + low.error + "'"));
            continue;
        }
        for (const QString& bad : {below(*l), above(*l)}) {
            const CommandLine line = parseCommandLine({"--headless", option, bad});
            QVERIFY2(line.error.contains(option) &&
                         line.error.contains(QString::fromStdString(l->range())),
                     qPrintable(option + ' ' + bad + ": '" + line.error + "'"));
        }
    }
}

void TestLimits::lessonReaderEnforcesEveryLimit() {
    for (const Limit* l : allLimits()) {
        if (!*l->lessonKey)
            continue;
        const QString key = QString::fromLatin1(l->lessonKey);
        for (double ok : {l->openMin ? l->max : l->min, l->max})
            QVERIFY2(lessonProblem(lessonWith(key, lessonValue(*l, ok))).isEmpty(),
                     qPrintable(key + " = " + text(ok) + ": " +
                                lessonProblem(lessonWith(key, lessonValue(*l, ok)))));
        // JSON numbers are doubles: one past 2^53 cannot be written (the seed's end).
        QStringList bad{below(*l)};
        if (l->max < 9007199254740992.0)
            bad << above(*l);
        for (const QString& value : bad) {
            const QString problem =
                lessonProblem(lessonWith(key, lessonValue(*l, value.toDouble())));
            QVERIFY2(problem.contains(key.section('.', -1)) && problem.contains("limits.json"),
                     qPrintable(key + " = " + value + ": '" + problem + "'"));
        }
    }
}

void TestLimits::controlPanelSpansEveryRange() {
    ControlPanel panel;
    const std::pair<const char*, const Limit*> fields[] = {
        {"samples", &limits::Samples},
        {"noise", &limits::Noise},
        {"classes", &limits::Classes},
        {"learningRate", &limits::LearningRate},
        {"stepDecayEvery", &limits::StepDecayEvery},
        {"cosineSteps", &limits::CosineSteps},
        {"cosineFloor", &limits::CosineFloor},
        {"sgdMomentum", &limits::SgdMomentum},
        {"weightDecay", &limits::WeightDecay},
        {"batchSize", &limits::BatchSize},
        {"shiftAtStep", &limits::ShiftAtStep},
        {"shiftOffset", &limits::ShiftOffset},
        {"shiftScale", &limits::ShiftScale},
        {"populationEvery", &limits::PopulationEvery},
        {"preciseBnBatches", &limits::PreciseBnBatches},
        {"evaluateEvery", &limits::EvaluateEvery},
    };
    for (const auto& [name, limit] : fields) {
        QWidget* w = panel.findChild<QWidget*>(QString::fromLatin1(name));
        QVERIFY2(w, name);
        double lo = 0, hi = 0;
        if (auto* s = qobject_cast<QSpinBox*>(w)) {
            lo = s->minimum();
            hi = s->maximum();
        } else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) {
            lo = d->minimum();
            hi = d->maximum();
        } else {
            QFAIL(name);
        }
        QVERIFY2(lo == limit->min && hi == limit->max,
                 qPrintable(QStringLiteral("%1 spans [%2, %3], the table says %4")
                                .arg(name)
                                .arg(lo)
                                .arg(hi)
                                .arg(QString::fromStdString(limit->range()))));
    }
}

void TestLimits::hiddenWidthsFieldRefusesWidthsBeyondTheLimit() {
    ControlPanel panel;
    auto* edit = panel.findChild<QLineEdit*>(QStringLiteral("hiddenWidths"));
    QVERIFY(edit && edit->validator());
    QString widths = QStringLiteral("99999,99999");
    int pos = 0;
    QCOMPARE(edit->validator()->validate(widths, pos), QValidator::Invalid);
    widths = QStringLiteral("4096, 16");
    QCOMPARE(edit->validator()->validate(widths, pos), QValidator::Acceptable);
}

QTEST_MAIN(TestLimits)
#include "test_limits.moc"
