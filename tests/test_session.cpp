// The live session on its worker thread: transport commands, equality with the headless
// engine, resets, configuration changes, divergence, quitting, and a randomized storm of
// commands issued at random moments (run under ThreadSanitizer in CI).
#include "Errors.h"
#include "TrainingSession.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>
#include <cstring>
#include <random>

using namespace bnlab;

namespace {
TrainingConfig smallConfig(std::uint64_t seed = 3) {
    TrainingConfig c;
    c.data.samples = 400;
    c.model.hidden = {8, 8};
    c.batchSize = 16;
    c.populationEvery = 5;
    c.preciseBnBatches = 2;
    c.evaluateEvery = 10;
    c.seed = seed;
    return c;
}

bool sameBits(double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0;
}

void compareWithHeadless(const History& live, const TrainingConfig& c) {
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History h = trainer.emptyHistory();
    for (long i = 0; i < live.steps(); ++i)
        appendTo(h, trainer.step());
    QCOMPARE(live.steps(), h.steps());
    for (long t = 1; t <= h.steps(); ++t) {
        QVERIFY(sameBits(live.loss()[std::size_t(t - 1)], h.loss()[std::size_t(t - 1)]));
        for (int l = 0; l < h.layers(); ++l)
            for (Eigen::Index f = 0; f < h.features(l); ++f) {
                QVERIFY(sameBits(live.batchMean(t, l, f), h.batchMean(t, l, f)));
                QVERIFY(sameBits(live.batchVar(t, l, f), h.batchVar(t, l, f)));
            }
    }
    QCOMPARE(live.population().size(), h.population().size());
    for (std::size_t i = 0; i < h.population().size(); ++i)
        QCOMPARE(live.population()[i].exact.var, h.population()[i].exact.var);
    QCOMPARE(live.evaluations().size(), h.evaluations().size());
    for (std::size_t i = 0; i < h.evaluations().size(); ++i)
        QVERIFY(sameBits(live.evaluations()[i].estimators.back().loss,
                         h.evaluations()[i].estimators.back().loss));
}

bool waitForSteps(TrainingSession& s, long steps, int timeoutMs = 20000) {
    QElapsedTimer t;
    t.start();
    while (s.history().steps() < steps && t.elapsed() < timeoutMs)
        QTest::qWait(5);
    return s.history().steps() >= steps;
}

void settle(TrainingSession& s) {
    // After pause, the worker finishes at most the step in flight and the observations still in
    // progress; wait for it to say so rather than for a time that a sanitizer build may exceed.
    s.pause();
    QTRY_VERIFY_WITH_TIMEOUT((s.drain(), s.isIdle()), 60000);
    s.drain();
}
} // namespace

class TestSession : public QObject {
    Q_OBJECT
  private slots:
    void stepNEqualsHeadless();
    void stepOnceIsOneStep();
    void playAndPause();
    void speedCapLimitsRate();
    void resetStartsOverWithSameRecord();
    void resetWithNewSeedChangesSeed();
    void configurationChangeRestarts();
    void badConfigurationKeepsCurrentRun();
    void divergenceStopsAndKeepsHistory();
    void stepCapPausesTheRun();
    void quitWhilePlaying();
    void randomCommandStorm();
};

void TestSession::stepNEqualsHeadless() {
    TrainingSession s;
    const auto c = smallConfig();
    s.configure(c);
    s.stepN(57);
    QVERIFY(waitForSteps(s, 57));
    settle(s);
    QCOMPARE(s.history().steps(), 57L);
    compareWithHeadless(s.history(), c);
}

void TestSession::stepOnceIsOneStep() {
    TrainingSession s;
    s.configure(smallConfig());
    s.stepOnce();
    QVERIFY(waitForSteps(s, 1));
    settle(s);
    QCOMPARE(s.history().steps(), 1L);
    s.stepOnce();
    s.stepOnce();
    QVERIFY(waitForSteps(s, 3));
    settle(s);
    QCOMPARE(s.history().steps(), 3L);
}

void TestSession::playAndPause() {
    TrainingSession s;
    QSignalSpy playing(&s, &TrainingSession::playingChanged);
    s.configure(smallConfig());
    s.play();
    QVERIFY(s.isPlaying());
    QVERIFY(waitForSteps(s, 200));
    settle(s);
    QVERIFY(!s.isPlaying());
    const long stopped = s.history().steps();
    QTest::qWait(100);
    s.drain();
    QCOMPARE(s.history().steps(), stopped);
    QVERIFY(playing.count() >= 2);
    compareWithHeadless(s.history(), smallConfig());
}

void TestSession::speedCapLimitsRate() {
    TrainingSession s;
    s.configure(smallConfig());
    s.setSpeed(20.0);
    QElapsedTimer t;
    t.start();
    s.play();
    QTest::qWait(300);
    settle(s);
    const double seconds = double(t.elapsed()) / 1000.0;
    // Never faster than the cap (one step of slack at the start); a loaded machine may be slower.
    QVERIFY2(s.history().steps() <= long(20.0 * seconds) + 2,
             qPrintable(QString::number(s.history().steps())));
    QVERIFY(s.history().steps() >= 1);
}

void TestSession::resetStartsOverWithSameRecord() {
    TrainingSession s;
    QSignalSpy resets(&s, &TrainingSession::historyReset);
    s.configure(smallConfig());
    s.stepN(30);
    QVERIFY(waitForSteps(s, 30));
    s.play();
    s.reset();
    QCOMPARE(s.history().steps(), 0L);
    QVERIFY(!s.isPlaying());
    QCOMPARE(resets.count(), 2);
    s.stepN(25);
    QVERIFY(waitForSteps(s, 25));
    settle(s);
    QCOMPARE(s.history().steps(), 25L);
    compareWithHeadless(s.history(), smallConfig());
}

void TestSession::resetWithNewSeedChangesSeed() {
    TrainingSession s;
    s.configure(smallConfig(3));
    QSignalSpy resets(&s, &TrainingSession::historyReset);
    s.reset(true);
    QCOMPARE(resets.count(), 1);
    s.stepN(10);
    QVERIFY(waitForSteps(s, 10));
    settle(s);
    compareWithHeadless(s.history(), s.configuration()); // the record matches the new seed
}

void TestSession::configurationChangeRestarts() {
    TrainingSession s;
    s.configure(smallConfig());
    s.play();
    QVERIFY(waitForSteps(s, 20));
    auto c = smallConfig();
    c.model.hidden = {5};
    c.model.inputBn = true;
    s.configure(c); // mid-play
    QCOMPARE(s.history().steps(), 0L);
    QCOMPARE(s.history().layers(), 2);
    QCOMPARE(s.history().features(0), Eigen::Index(2));
    s.stepN(15);
    QVERIFY(waitForSteps(s, 15));
    settle(s);
    compareWithHeadless(s.history(), c);
}

void TestSession::badConfigurationKeepsCurrentRun() {
    TrainingSession s;
    s.configure(smallConfig());
    s.stepN(5);
    QVERIFY(waitForSteps(s, 5));
    settle(s);
    auto bad = smallConfig();
    bad.batchSize = 1;
    QVERIFY_THROWS_EXCEPTION(ConfigError, s.configure(bad));
    QCOMPARE(s.history().steps(), 5L);
    QCOMPARE(s.configuration().batchSize, 16);
}

void TestSession::divergenceStopsAndKeepsHistory() {
    TrainingSession s;
    QSignalSpy diverged(&s, &TrainingSession::divergedWith);
    auto c = smallConfig();
    c.optimizer.learningRate = 1000; // with this weight decay the weights overflow
    c.optimizer.weightDecay = 1000;
    c.optimizer.sgdMomentum = 0;
    s.configure(c);
    s.play();
    QTRY_COMPARE_WITH_TIMEOUT(diverged.count(), 1, 10000);
    settle(s);
    QVERIFY(s.isDiverged());
    QVERIFY(s.divergenceReason().contains(QStringLiteral("diverged")));
    const long kept = s.history().steps();
    s.play(); // refused: the run stays stopped
    QVERIFY(!s.isPlaying());
    QTest::qWait(50);
    s.drain();
    QCOMPARE(s.history().steps(), kept);
}

void TestSession::stepCapPausesTheRun() {
    TrainingSession s;
    QSignalSpy cap(&s, &TrainingSession::capReached);
    s.setStepCap(40);
    s.configure(smallConfig());
    s.play();
    QTRY_VERIFY_WITH_TIMEOUT(cap.count() >= 1, 10000);
    settle(s);
    QCOMPARE(s.history().steps(), 40L);
    s.play();
    QVERIFY(!s.isPlaying());
}

void TestSession::quitWhilePlaying() {
    for (int i = 0; i < 5; ++i) {
        auto s = std::make_unique<TrainingSession>();
        auto c = smallConfig();
        c.populationEvery = 1; // a population pass at every step: quit lands mid-pass too
        s->configure(c);
        s->play();
        QTest::qWait(i * 7);
        QElapsedTimer t;
        t.start();
        s.reset(); // destroys the session while it plays: joins the worker
        QVERIFY(t.elapsed() < 2000);
    }
}

void TestSession::randomCommandStorm() {
    std::mt19937 rng(20261124);
    auto session = std::make_unique<TrainingSession>();
    session->configure(smallConfig());
    int configs = 0;
    for (int i = 0; i < 1000; ++i) {
        switch (rng() % 10) {
        case 0:
        case 1:
            session->play();
            break;
        case 2:
            session->pause();
            break;
        case 3:
            session->stepOnce();
            break;
        case 4:
            session->stepN(long(rng() % 50));
            break;
        case 5:
            session->reset(rng() % 2 == 0);
            break;
        case 6: {
            auto c = smallConfig(rng() % 100);
            c.model.hidden = {int(2 + rng() % 6)};
            c.model.inputBn = rng() % 2;
            c.batchOrder = rng() % 2 ? BatchOrder::Shuffled : BatchOrder::SortedByClass;
            session->configure(c);
            ++configs;
            break;
        }
        case 7:
            session->setSpeed(rng() % 3 == 0 ? 0.0 : double(50 + rng() % 5000));
            break;
        case 8:
            session->drain();
            break;
        case 9:
            QTest::qWait(int(rng() % 3));
            break;
        }
        if (rng() % 4 == 0)
            QCoreApplication::processEvents();
        // The GUI-side history is always self-consistent.
        const History& h = session->history();
        QCOMPARE(long(h.loss().size()), h.steps());
        if (!h.evaluations().empty())
            QVERIFY(h.evaluations().back().step <= h.steps());
    }
    QVERIFY(configs > 0);
    // Whatever happened, the final run's record still equals the headless engine's.
    session->setSpeed(0);
    settle(*session);
    compareWithHeadless(session->history(), session->configuration());
    session->play();
    session.reset(); // quit while playing
}

QTEST_MAIN(TestSession)
#include "test_session.moc"
