// Slider release → the accuracy curve complete for the new momentum. The default lesson
// (lesson 1) trained to 10 000, 100 000 and 1 000 000 steps (weight snapshots every V steps),
// then the accuracy under a momentum outside the estimator bank re-evaluated in the background
// exactly as the window does (Reevaluator: replay of the record, newest snapshots first),
// paused and with a second run training at full speed beside it. Prints, per size, the time to
// the first refined points and to the complete curve.
//   build/bench/bnlab_bench_reevaluation [--quick]   (--quick: 10 000 and 100 000 only)
#include "Lesson.h"
#include "Reevaluator.h"
#include "Replay.h"
#include "SnapshotEvaluator.h"
#include "TrainingSession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace bnlab;

namespace {

struct Timing {
    double firstMs = 0, completeMs = 0;
    std::size_t points = 0;
};

Timing reevaluate(const History& history, std::shared_ptr<const SnapshotEvaluator> evaluator,
                  const EstimatorSpec& spec) {
    Reevaluator reevaluator;
    Timing t;
    QElapsedTimer clock;
    QEventLoop loop;
    QObject::connect(&reevaluator, &Reevaluator::pointsReady, [&](quint64, const auto& points) {
        if (t.points == 0)
            t.firstMs = double(clock.nsecsElapsed()) * 1e-6;
        t.points += points.size();
    });
    QObject::connect(&reevaluator, &Reevaluator::finished, [&](quint64) {
        t.completeMs = double(clock.nsecsElapsed()) * 1e-6;
        loop.quit();
    });
    clock.start();
    reevaluator.start(history, std::move(evaluator), spec);
    loop.exec();
    return t;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const bool quick = argc > 1 && QByteArray(argv[1]) == "--quick";
    const TrainingConfig config = findLesson(QStringLiteral("1")).config;
    const EstimatorSpec spec = EstimatorSpec::keras(0.97); // not in the bank: re-evaluated
    std::printf("lesson 1: evaluation every %d steps; re-evaluating Keras β = 0.97\n",
                config.evaluateEvery);
    Trainer trainer(config, makeDatasets(config.data, config.seed, TrainingSession::digitsCsv()));
    History history = trainer.emptyHistory();
    auto evaluator = std::make_shared<const SnapshotEvaluator>(trainer);
    for (long target : {10'000L, 100'000L, 1'000'000L}) {
        if (quick && target > 100'000)
            break;
        while (history.steps() < target)
            appendTo(history, trainer.step());
        appendTo(history, trainer.finishObservations()); // the record complete to here
        // The replay of every feature at every snapshot: what the job does before its first point.
        std::vector<long> snapshotSteps;
        for (const auto& e : history.evaluations())
            if (e.weights)
                snapshotSteps.push_back(e.step);
        QElapsedTimer replayClock;
        replayClock.start();
        const auto replayed = replayAt(history.batchStats(), spec, snapshotSteps);
        const double replayMs = double(replayClock.nsecsElapsed()) * 1e-6;
        const Timing paused = reevaluate(history, evaluator, spec);
        // The same while another run trains at full speed on the other core.
        std::atomic<bool> stop{false};
        std::thread training([&] {
            Trainer other(config,
                          makeDatasets(config.data, config.seed + 1, TrainingSession::digitsCsv()));
            while (!stop.load())
                other.step();
        });
        const Timing busy = reevaluate(history, evaluator, spec);
        stop = true;
        training.join();
        std::printf("%8ld steps, %6zu snapshots: paused first points %.1f ms, complete %.1f ms; "
                    "while training first points %.1f ms, complete %.1f ms "
                    "(of which the replay: %.1f ms)\n",
                    history.steps(), paused.points, paused.firstMs, paused.completeMs, busy.firstMs,
                    busy.completeMs, replayMs);
    }
    return 0;
}
