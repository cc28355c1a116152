// Opening a recorded run of 10 000 000 (step × channel) records: 100 000 steps of a CNN with
// BN layers of 16, 32 and 52 channels (100 channels). The target is ≤ 2 s on the 2-core
// machine. For the choice of container, the same records are also written as a CSV
// (step,layer,channel,mean,var) and only parsed (std::from_chars, no History), which is the
// least any text container would cost. Each is timed cold-ish (after a first run warms the
// page cache) three times; the best and worst are printed.
#include "RunFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace bnlab;
using Clock = std::chrono::steady_clock;

namespace {

constexpr long Steps = 100'000;
const std::vector<Eigen::Index> Channels{16, 32, 52};

History makeHistory() {
    History h(Channels, 32);
    std::vector<double> ones(Steps, 1.0);
    h.appendTrainingCurves(ones, ones, ones, std::vector<long>(Steps, 0));
    std::vector<double> mean(Steps), var(Steps);
    for (int l = 0; l < int(Channels.size()); ++l) {
        for (Eigen::Index c = 0; c < Channels[std::size_t(l)]; ++c) {
            for (long t = 0; t < Steps; ++t) {
                mean[std::size_t(t)] = std::sin(0.001 * double(t) + double(c));
                var[std::size_t(t)] = 1.0 + 0.5 * std::cos(0.002 * double(t) + double(l));
            }
            h.appendBatchColumns(l, c, mean.data(), var.data(), std::size_t(Steps));
        }
        h.setCounts(l, std::vector<int>(Steps, 32 * 8 * 8));
    }
    return h;
}

template <class F> std::pair<double, double> timeIt(F&& f) {
    f(); // warm the page cache
    double best = 1e9, worst = 0;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = Clock::now();
        f();
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
        worst = std::max(worst, s);
    }
    return {best, worst};
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const History h = makeHistory();
    long records = 0;
    for (Eigen::Index c : Channels)
        records += long(c) * Steps;
    RunDescription d;
    d.info.bnFeatures = Channels;
    d.info.bnLayerNames = {"bn1", "bn2", "bn3"};
    const QString path = dir.filePath("big.bnlab");
    if (QString e = saveRun(d, h, path); !e.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(e));
        return 1;
    }

    // The same records as CSV text.
    const QString csvPath = dir.filePath("big.csv");
    {
        QFile f(csvPath);
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        QByteArray b;
        char buf[64];
        for (long t = 1; t <= Steps; ++t)
            for (int l = 0; l < h.layers(); ++l)
                for (Eigen::Index c = 0; c < h.features(l); ++c) {
                    b.append(QByteArray::number(qlonglong(t))).append(',');
                    b.append(QByteArray::number(l)).append(',');
                    b.append(QByteArray::number(qlonglong(c))).append(',');
                    b.append(buf, std::to_chars(buf, buf + 64, h.batchMean(t, l, c)).ptr - buf);
                    b.append(',');
                    b.append(buf, std::to_chars(buf, buf + 64, h.batchVar(t, l, c)).ptr - buf);
                    b.append('\n');
                    if (b.size() > (1 << 22)) {
                        f.write(b);
                        b.clear();
                    }
                }
        f.write(b);
    }

    long opened = 0;
    const auto [binBest, binWorst] = timeIt([&] { opened = openRun(path).history.steps(); });
    double checksum = 0;
    const auto [csvBest, csvWorst] = timeIt([&] {
        QFile f(csvPath);
        if (!f.open(QIODevice::ReadOnly))
            return;
        const QByteArray all = f.readAll();
        const char* p = all.constData();
        const char* end = p + all.size();
        double sum = 0;
        while (p < end) {
            double v[5];
            for (int k = 0; k < 5; ++k) {
                p = std::from_chars(p, end, v[k]).ptr + 1; // skip ',' or '\n'
            }
            sum += v[3] + v[4];
        }
        checksum = sum;
    });
    std::printf("records (step x channel): %ld, steps %ld, file %.1f MB binary, %.1f MB CSV\n",
                records, opened, double(QFile(path).size()) / 1e6,
                double(QFile(csvPath).size()) / 1e6);
    std::printf(".bnlab openRun (checks + History):   best %.3f s, worst %.3f s (target <= 2 s)\n",
                binBest, binWorst);
    std::printf("CSV parse only (no History):         best %.3f s, worst %.3f s  [checksum %g]\n",
                csvBest, csvWorst, checksum);
    return 0;
}
