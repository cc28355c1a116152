// Every lesson sentence holds on screen. Each bundled lesson runs headless for its suggested
// steps, and every quantitative or comparative sentence of its text is checked against what
// the window draws from that record (LessonMeasures.h). The table below lists, per lesson, the
// sentence as it reads in the lesson's own convention and the comparisons behind it; each
// comparison is logged with its measured value and margin, so the claims' robustness can be
// read from a passing run too. A sentence that no longer appears in its lesson fails the test:
// text and checks change together.
#include "ClaimCheck.h"
#include "InferenceCost.h"
#include "LessonMeasures.h"
#include "Replay.h"

#include <QRegularExpression>
#include <QtTest>
#include <cmath>
#include <map>
#include <memory>

using namespace bnlab;
using namespace bnlab::measures;

namespace {

// ---- Runs, each computed once ----------------------------------------------------------------

// BNLAB_LESSON_SEED=N runs every lesson with seed N instead of its own: the claims are written
// to hold beyond the one seed a lesson ships with, and this is how that is checked by hand.
Lesson lessonToRun(int lesson) {
    Lesson l = bundledLesson(lesson);
    bool ok = false;
    const qulonglong seed = qEnvironmentVariable("BNLAB_LESSON_SEED").toULongLong(&ok);
    if (ok)
        l.config.seed = seed;
    return l;
}

bool shippedSeed() {
    return !qEnvironmentVariableIsSet("BNLAB_LESSON_SEED");
}

const LessonRun& run(int lesson, const QString& variant = {},
                     const std::function<void(Lesson&)>& change = {}) {
    static std::map<QString, std::unique_ptr<LessonRun>> runs;
    const QString key = QStringLiteral("%1/%2").arg(lesson).arg(variant);
    auto& slot = runs[key];
    if (!slot)
        slot = std::make_unique<LessonRun>(lessonToRun(lesson), change);
    return *slot;
}

// The same record seen in the other convention (the window's convention switch): PyTorch α
// with the unbiased variance, or Keras β with the biased one.
const LessonRun& inConvention(int lesson, Convention convention) {
    return run(lesson, convention == Convention::Keras ? "keras view" : "pytorch view",
               [convention](Lesson& l) {
                   l.view.convention = convention;
                   l.view.unbiasedVariance = convention == Convention::PyTorch;
               });
}

// ---- Measures built from the plotted series ----------------------------------------------------

// Steps after `start` until an EMA (worth `startValue` at `start`) has covered 1 − 1/e of its
// way to a constant target: for an EMA of decay β this takes about 1/(1 − β) steps.
long stepsToArrive(const Series& ema, long start, double startValue, double target) {
    const double gap = std::abs(startValue - target);
    for (std::size_t i = 0; i < ema.steps.size(); ++i)
        if (ema.steps[i] > start && std::abs(ema.values[i] - target) <= gap / std::exp(1.0))
            return ema.steps[i] - start;
    return -1;
}

// Mean step-to-step change: how much a curve jitters.
double jitter(const Series& s, long from, long to) {
    double sum = 0;
    int n = 0;
    for (std::size_t i = 1; i < s.steps.size(); ++i)
        if (s.steps[i - 1] >= from && s.steps[i] <= to) {
            sum += std::abs(s.values[i] - s.values[i - 1]);
            ++n;
        }
    return sum / std::max(1, n);
}

// How far a batch's mean falls from the population mean, in population standard deviations,
// RMS over the layer's features and the population steps from `from` on. The batch of step
// t + 1 is drawn with the weights the population record of step t describes.
double batchNoise(const LessonRun& r, int layer, long from) {
    const History& h = r.history();
    double sum = 0;
    long n = 0;
    for (const PopulationRecord& p : h.population()) {
        if (p.step < from || p.step + 1 > h.steps())
            continue;
        const auto l = std::size_t(layer);
        for (Eigen::Index f = 0; f < p.exact.mean[l].size(); ++f) {
            const double var = p.exact.var[l][f];
            if (var <= 1e-12)
                continue; // constant by construction: no spread to compare with
            const double d = (h.batchMean(p.step + 1, layer, f) - p.exact.mean[l][f]);
            sum += d * d / var;
            ++n;
        }
    }
    return std::sqrt(sum / double(std::max(1L, n)));
}

// Share of the steps in [from, to] where a's value is below b's (the two series share steps).
double shareBelow(const Series& a, const Series& b, long from, long to) {
    int below = 0, n = 0;
    for (std::size_t i = 0; i < a.steps.size(); ++i)
        if (a.steps[i] >= from && a.steps[i] <= to) {
            below += a.values[i] < b.values[i];
            ++n;
        }
    return double(below) / std::max(1, n);
}

// The mean of |a − b| over the steps of a in [from, to].
double meanGap(const Series& a, const Series& b, long from, long to) {
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < a.steps.size(); ++i)
        if (a.steps[i] >= from && a.steps[i] <= to) {
            sum += std::abs(a.values[i] - b.at(a.steps[i]));
            ++n;
        }
    return sum / std::max(1, n);
}

// Standard deviation of a series over [from, to].
double spread(const Series& s, long from, long to) {
    const double mean = s.mean(from, to);
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < s.steps.size(); ++i)
        if (s.steps[i] >= from && s.steps[i] <= to) {
            sum += (s.values[i] - mean) * (s.values[i] - mean);
            ++n;
        }
    return std::sqrt(sum / std::max(1, n));
}

QString beta(double b) {
    return QStringLiteral("β=%1").arg(b);
}

// ---- The claims
// ----------------------------------------------------------------------------------

struct Claim {
    int lesson;
    QString sentence; // as it reads in the lesson's own convention, without HTML tags
    std::function<Check()> check;
};

#include "LessonClaimTable.inc"

// ---- The lesson's text as a student reads it
// ------------------------------------------------------

QString readableText(const Lesson& lesson) {
    QString text = renderLessonText(lesson.explanation, lesson.view.convention);
    text.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    text.replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return text.simplified();
}

} // namespace

class TestLessonClaims : public QObject {
    Q_OBJECT
  private slots:
    void everyLessonIsCovered();
    void sentencesAreTheLessons();
    void claimHolds_data();
    void claimHolds();
};

void TestLessonClaims::everyLessonIsCovered() {
    // Lessons that train; a lesson on a recorded run (lesson 9) is checked against its run by
    // test_recorded_run.
    QStringList paths;
    for (const QString& path : bundledLessonPaths())
        if (loadLesson(path).run.isEmpty())
            paths << path;
    QCOMPARE(paths.size(), 8);
    for (int lesson = 1; lesson <= paths.size(); ++lesson) {
        int n = 0;
        for (const Claim& c : claims())
            n += c.lesson == lesson;
        QVERIFY2(n >= 3,
                 qPrintable(QStringLiteral("lesson %1 has %2 checked claims").arg(lesson).arg(n)));
    }
}

void TestLessonClaims::sentencesAreTheLessons() {
    for (const Claim& c : claims()) {
        const QString text = readableText(bundledLesson(c.lesson));
        QVERIFY2(
            text.contains(c.sentence.simplified()),
            qPrintable(
                QStringLiteral("lesson %1 no longer says: \"%2\"").arg(c.lesson).arg(c.sentence)));
    }
}

void TestLessonClaims::claimHolds_data() {
    QTest::addColumn<int>("index");
    const auto& all = claims();
    for (int i = 0; i < int(all.size()); ++i) {
        const Claim& c = all[std::size_t(i)];
        QTest::newRow(qPrintable(QStringLiteral("lesson %1: %2").arg(c.lesson).arg(c.sentence)))
            << i;
    }
}

void TestLessonClaims::claimHolds() {
    QFETCH(int, index);
    const Claim& c = claims()[std::size_t(index)];
    const Check check = c.check();
    qInfo().noquote() << QStringLiteral("lesson %1: \"%2\"\n        %3")
                             .arg(c.lesson)
                             .arg(c.sentence, check.report());
    QVERIFY2(check.holds(), qPrintable(check.report()));
}

QTEST_GUILESS_MAIN(TestLessonClaims)
#include "test_lesson_claims.moc"
