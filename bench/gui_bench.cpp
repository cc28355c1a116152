// The dashboard's speed and the app's memory, measured inside the app (offscreen window):
//   1. worker steps/s with the GUI attached vs the same engine headless (target ≤ 10 % loss),
//      and vs training alone, headless with no observation (target ≥ 70 %);
//   2. the GUI's frame interval while training at full speed (target p95 ≤ 33 ms);
//   3. resident memory after a 100 000-step run of the default scenario (target ≤ 150 MB);
//   4. slider move → all plots redrawn, p95 over a scripted sweep, with 6 compared momenta,
//      at 100 000 and 1 000 000 recorded steps (targets ≤ 16 ms and ≤ 50 ms).
// Run by hand: build/bench/bnlab_bench_gui [--quick] [--size 1366x768] (other options: main())
#include "Dashboard.h"
#include "MainWindow.h"
#include "MomentumSlider.h"
#include "PlotFrame.h"
#include "Trainer.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <qcustomplot.h>
#include <sched.h>
#include <unistd.h>

using namespace bnlab;

namespace {
double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

double residentMb() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return 0.0;
}

// Runs the event loop for `ms` as the app runs it: asleep in poll() until something happens.
// (Calling processEvents() in a loop instead would spin the GUI thread at 100 % of a core, which
// the real window never does, and take that core from training and its observation.)
// CPU seconds used so far by each thread of this process, by name/tid (/proc/self/task).
std::map<QString, double> threadCpuSeconds() {
    std::map<QString, double> seconds;
    const double tick = double(sysconf(_SC_CLK_TCK));
    for (const QString& tid :
         QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const qsizetype open = stat.indexOf('('), close = stat.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QString name = QString::fromUtf8(stat.mid(open + 1, close - open - 1));
        // After ") ": state, then fields 4…; utime and stime are fields 14 and 15.
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() > 12)
            seconds[tid == QString::number(getpid()) ? QStringLiteral("GUI thread")
                                                     : name + QLatin1Char('/') + tid] =
                (fields[11].toDouble() + fields[12].toDouble()) / tick;
    }
    return seconds;
}

void pump(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until `done()` holds, checking every 20 ms.
template <class Done> void runUntil(Done done) {
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, [&] {
        if (done())
            loop.quit();
    });
    check.start(20);
    if (!done())
        loop.exec();
}

// Keeps thread `tid` (0: the calling thread) on CPU `cpu`, or lets it run on every CPU (-1).
void pinThread(pid_t tid, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    for (long c = 0; c < cpus; ++c)
        if (cpu < 0 || c == cpu)
            CPU_SET(int(c), &set);
    if (sched_setaffinity(tid, sizeof set, &set) != 0)
        std::perror("sched_setaffinity");
}

// The thread id of this process's thread named `name` (0 if none).
pid_t threadNamed(const QString& name) {
    for (const QString& tid :
         QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(QStringLiteral("/proc/self/task/%1/comm").arg(tid));
        if (f.open(QIODevice::ReadOnly) && QString::fromUtf8(f.readAll()).trimmed() == name)
            return pid_t(tid.toInt());
    }
    return 0;
}

// Steps/s of training (and its observation) on this thread, with no window. With `cpu` ≥ 0 the
// training runs on that CPU (the observation thread, made before, still runs anywhere).
double headlessStepsPerSecond(const TrainingConfig& c, double seconds, int cpu = -1) {
    Trainer trainer(c, makeDatasets(c.data, c.seed, TrainingSession::digitsCsv()));
    if (cpu >= 0)
        pinThread(0, cpu);
    struct Unpin {
        bool pinned;
        ~Unpin() {
            if (pinned)
                pinThread(0, -1);
        }
    } unpin{cpu >= 0};
    History h = trainer.emptyHistory();
    QElapsedTimer t;
    t.start();
    long steps = 0;
    while (t.elapsed() < seconds * 1000) {
        appendTo(h, trainer.step());
        ++steps;
    }
    return double(steps) / (double(t.nsecsElapsed()) * 1e-9);
}

// Moves the slider through `moves` positions and back; returns the redraw times (ms).
std::vector<double> sweep(MomentumSlider& slider, Dashboard& dashboard, int moves) {
    std::vector<double> ms;
    for (int i = 0; i < moves; ++i) {
        const double before = dashboard.lastReplotMs();
        slider.stepBy(i < moves / 2 ? 1 : -1);
        pump(40); // the redraw is queued to the next frame
        if (dashboard.lastReplotMs() != before)
            ms.push_back(dashboard.lastReplotMs());
    }
    return ms;
}
} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // [--quick] [--size WIDTHxHEIGHT]: the window's size (default 1920x1080).
    // [--engine-cpu N]: training runs on CPU N, in the window and in the headless references, so
    // that the ratios compare the same core (the virtual CPUs of some machines differ in speed).
    // [--setup default]: the default configuration (the "default observation": hidden BN,
    // four running averages) instead of lesson 1, which the window opens on (BN on the inputs
    // only: cheaper training, so its evaluations weigh more).
    // [--steps N]: train with the window attached up to N steps (default 100 000; 20 000 with
    // --quick), for example to profile a longer stretch of it.
    // [--rate-only]: stop after the rows of 1 and 2 (the rate with the window attached), to
    // repeat them more often in the same time.
    bool quick = false, defaultSetup = false, rateOnly = false;
    long trainSteps = 0;
    int engineCpu = -1;
    QSize size(1920, 1080);
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--quick")
            quick = true;
        else if (arg == "--rate-only")
            rateOnly = true;
        else if (arg == "--setup" && i + 1 < argc)
            defaultSetup = QByteArray(argv[++i]) == "default";
        else if (arg == "--steps" && i + 1 < argc)
            trainSteps = QByteArray(argv[++i]).toLong();
        else if (arg == "--engine-cpu" && i + 1 < argc)
            engineCpu = QByteArray(argv[++i]).toInt();
        else if (arg == "--size" && i + 1 < argc) {
            const QList<QByteArray> wh = QByteArray(argv[++i]).split('x');
            if (wh.size() == 2)
                size = QSize(wh[0].toInt(), wh[1].toInt());
        }
    }
    const long memorySteps = trainSteps > 5000 ? trainSteps : quick ? 20'000 : 100'000;
    const long bigSteps = quick ? 200'000 : 1'000'000;

    MainWindow window;
    window.resize(size);
    std::printf("window %d×%d\n", size.width(), size.height());
    window.show();
    pump(200);
    TrainingSession& session = window.session();
    if (defaultSetup)
        session.configure(TrainingConfig{});
    std::printf("setup: %s\n", defaultSetup ? "the default configuration" : "lesson 1");
    pump(200);
    const TrainingConfig config = session.configuration();

    // 1 and 2: full speed with the GUI attached, from 5 000 to memorySteps steps; frame
    // intervals from the event loop (a 16 ms timer) and from the plots' full refreshes.
    const double headless = headlessStepsPerSecond(config, 5.0, engineCpu);
    // Training alone: the same setup with no observation (issue: observed ≥ 70 % of it).
    TrainingConfig bare = config;
    bare.populationEvery = 0;
    bare.preciseBnBatches = 0;
    bare.evaluateEvery = 0;
    const double alone = headlessStepsPerSecond(bare, 5.0, engineCpu);
    if (engineCpu >= 0) {
        const pid_t engine = threadNamed(QStringLiteral("bnlab-engine"));
        if (engine == 0) {
            std::fprintf(stderr, "no thread named bnlab-engine\n");
            return 1;
        }
        pinThread(engine, engineCpu);
        std::printf("training on CPU %d (window and headless references)\n", engineCpu);
    }
    std::vector<double> frames, ticks;
    QElapsedTimer frameClock;
    frameClock.start();
    qint64 lastFrame = -1, lastTick = -1;
    bool measuring = false;
    QObject::connect(window.dashboard().plot(PlotId::RunningMean), &QCustomPlot::afterReplot, [&] {
        const qint64 now = frameClock.nsecsElapsed();
        if (measuring && lastFrame >= 0)
            frames.push_back(double(now - lastFrame) * 1e-6);
        lastFrame = now;
    });
    QTimer frameTimer; // late ticks mean the GUI thread was busy
    frameTimer.setTimerType(Qt::PreciseTimer);
    frameTimer.setInterval(16);
    QObject::connect(&frameTimer, &QTimer::timeout, [&] {
        const qint64 now = frameClock.nsecsElapsed();
        if (measuring && lastTick >= 0)
            ticks.push_back(double(now - lastTick) * 1e-6);
        lastTick = now;
    });
    session.setSpeed(0);
    // Warm-up, and past the lesson's suggested length (the window pauses there once).
    while (session.history().steps() < 5000) {
        if (!session.isPlaying())
            session.play();
        pump(50);
    }
    const long startSteps = session.history().steps();
    QElapsedTimer t;
    t.start();
    measuring = true;
    const std::map<QString, double> cpuBefore = threadCpuSeconds();
    frameTimer.start();
    runUntil([&] { return session.history().steps() >= memorySteps || !session.isPlaying(); });
    const double seconds = double(t.nsecsElapsed()) * 1e-9;
    // Where the two cores went meanwhile: each thread's CPU time as a share of one core.
    QStringList shares;
    for (const auto& [name, after] : threadCpuSeconds()) {
        const auto before = cpuBefore.find(name);
        const double used = after - (before == cpuBefore.end() ? 0.0 : before->second);
        if (used / seconds >= 0.02)
            shares << QStringLiteral("%1 %2 %").arg(name).arg(100.0 * used / seconds, 0, 'f', 0);
    }
    session.pause();
    measuring = false;
    frameTimer.stop();
    pump(300);
    const double attached = double(session.history().steps() - startSteps) / seconds;
    std::printf("worker steps/s: headless %.0f, GUI attached %.0f (%.1f %% %s)\n", headless,
                attached, 100.0 * std::abs(1.0 - attached / headless),
                attached >= headless ? "faster" : "loss");
    std::printf("threads while training with the GUI attached (%% of one core): %s\n",
                qPrintable(shares.join(QStringLiteral(", "))));
    std::printf("worker steps/s with the GUI attached ÷ training alone headless (%.0f, no "
                "observation): %.2f (target ≥ 0.70)\n",
                alone, attached / alone);
    std::printf("GUI event-loop frame interval while training %ld → %ld steps (16 ms timer): "
                "median %.1f ms, p95 %.1f ms\n",
                startSteps, session.history().steps(), percentile(ticks, 0.5),
                percentile(ticks, 0.95));
    std::printf("full plot refresh interval meanwhile: median %.1f ms, p95 %.1f ms (%zu)\n",
                percentile(frames, 0.5), percentile(frames, 0.95), frames.size());

    if (rateOnly)
        return 0;

    // 3: memory after the default scenario's run.
    std::printf("resident memory after %ld steps of the default scenario: %.0f MB "
                "(history %.0f MB)\n",
                session.history().steps(), residentMb(),
                double(session.history().memoryBytes()) / 1048576.0);

    // 4a: slider sweep on this history (6 compared momenta).
    ViewSettings view = window.viewSettings();
    view.comparedMomenta = {0.5, 0.9, 0.95, 0.99, 0.995, 0.999};
    view.convention = Convention::Keras;
    window.dashboard().setViewSettings(view, session.history());
    pump(500);
    auto ms = sweep(window.momentumSlider(), window.dashboard(), 60);
    std::printf("slider → plots redrawn (dashboard's own timer), %ld steps, 6 momenta: "
                "median %.1f ms, p95 %.1f ms\n",
                session.history().steps(), percentile(ms, 0.5), percentile(ms, 0.95));
    // Wall clock of a slider move: the view change, then either what a slider move redraws
    // (its curves on each plot's highlight layer) or, as an upper bound, every plot in full.
    const auto sweepWall = [&](const History& h, ViewSettings v, bool fullRepaint) {
        std::vector<double> out;
        for (int i = 0; i < 40; ++i) {
            v.sliderMomentum = i % 2 ? 0.9 + 0.002 * i : 0.99 - 0.001 * i;
            QElapsedTimer w;
            w.start();
            window.dashboard().setViewSettings(v, h);
            for (PlotId id :
                 {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error, PlotId::Accuracy}) {
                QCustomPlot* plot = window.dashboard().plot(id);
                if (fullRepaint)
                    plot->replot(QCustomPlot::rpImmediateRefresh);
                else
                    plot->layer(PlotFrame::HighlightLayer)->replot();
            }
            out.push_back(double(w.nsecsElapsed()) * 1e-6);
            pump(30);
        }
        return out;
    };
    const auto hlMs = sweepWall(session.history(), view, false);
    std::printf("slider → its curves replayed and redrawn on all four plots (wall clock), %ld "
                "steps: median %.1f ms, p95 %.1f ms\n",
                session.history().steps(), percentile(hlMs, 0.5), percentile(hlMs, 0.95));
    const auto wallMs = sweepWall(session.history(), view, true);
    std::printf("slider → all four plots fully repainted (wall clock), %ld steps: median %.1f ms, "
                "p95 %.1f ms\n",
                session.history().steps(), percentile(wallMs, 0.5), percentile(wallMs, 0.95));

    // 4b: a long record, trained headless and shown in the same window's dashboard.
    TrainingConfig fast = config;
    fast.populationEvery = 100;
    fast.preciseBnBatches = 0;
    fast.evaluateEvery = 0;
    fast.keepWeightSnapshots = false;
    Trainer trainer(fast, makeDatasets(fast.data, fast.seed, TrainingSession::digitsCsv()));
    History big = trainer.emptyHistory();
    for (long i = 0; i < bigSteps; ++i)
        appendTo(big, trainer.step());
    Dashboard& dashboard = window.dashboard();
    dashboard.resetRun(trainer.info());
    dashboard.historyGrew(big);
    dashboard.setViewSettings(view, big);
    pump(2000);
    // The slider drives the window's own history; here the dashboard is driven directly.
    std::vector<double> bigMs;
    double momentum = 0.9;
    for (int i = 0; i < 40; ++i) {
        momentum = i % 2 ? 0.9 + 0.002 * i : 0.99 - 0.001 * i;
        view.sliderMomentum = momentum;
        const double before = dashboard.lastReplotMs();
        dashboard.setViewSettings(view, big);
        pump(120);
        if (dashboard.lastReplotMs() != before)
            bigMs.push_back(dashboard.lastReplotMs());
    }
    std::printf("slider → plots redrawn (dashboard's own timer), %ld steps, 6 momenta: "
                "median %.1f ms, p95 %.1f ms\n",
                big.steps(), percentile(bigMs, 0.5), percentile(bigMs, 0.95));
    const auto bigHl = sweepWall(big, view, false);
    std::printf("slider → its curves replayed and redrawn on all four plots (wall clock), %ld "
                "steps: median %.1f ms, p95 %.1f ms\n",
                big.steps(), percentile(bigHl, 0.5), percentile(bigHl, 0.95));
    const auto bigWall = sweepWall(big, view, true);
    std::printf("slider → all four plots fully repainted (wall clock), %ld steps: median %.1f ms, "
                "p95 %.1f ms\n",
                big.steps(), percentile(bigWall, 0.5), percentile(bigWall, 0.95));
    std::printf("resident memory with both records loaded: %.0f MB\n", residentMb());
    return 0;
}
