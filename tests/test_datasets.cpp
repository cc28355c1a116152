// The synthetic generators, the bundled digits and the stratified train/validation split.
#include "Dataset.h"
#include "Errors.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

using namespace bnlab;

namespace {

// Generators by name so that data-driven rows can pick one; parameters ride along.
Dataset generate(const QString& kind, int samples, int classes, double noise, Rng& rng) {
    if (kind == "blobs")
        return makeBlobs(samples, classes, noise, rng);
    if (kind == "moons")
        return makeMoons(samples, noise, rng);
    if (kind == "circles")
        return makeCircles(samples, noise, rng);
    if (kind == "spirals")
        return makeSpirals(samples, classes, noise, rng);
    if (kind == "xor")
        return makeXor(samples, noise, rng);
    qFatal("unknown generator %s", qPrintable(kind));
}

bool identical(const Dataset& a, const Dataset& b) {
    return a.name == b.name && a.classes == b.classes && a.y == b.y && a.x.rows() == b.x.rows() &&
           a.x.cols() == b.x.cols() &&
           std::equal(a.x.data(), a.x.data() + a.x.size(), b.x.data()); // bit for bit, no fuzz
}

// Each row with its label, sorted: equal multisets ⇔ the same samples, whatever the order.
std::vector<std::vector<double>> sortedRows(const std::vector<const Dataset*>& parts) {
    std::vector<std::vector<double>> rows;
    for (const Dataset* d : parts)
        for (Eigen::Index i = 0; i < d->size(); ++i) {
            std::vector<double> r(d->x.row(i).begin(), d->x.row(i).end());
            r.push_back(d->y[std::size_t(i)]);
            rows.push_back(std::move(r));
        }
    std::sort(rows.begin(), rows.end());
    return rows;
}

Dataset loadDigits() {
    return loadCsv(BNLAB_RESOURCES_DIR "/data/digits.csv");
}

} // namespace

class TestDatasets : public QObject {
    Q_OBJECT
  private slots:
    void shapes_data();
    void shapes();
    void classBalance_data();
    void classBalance();
    void deterministic_data();
    void deterministic();
    void classesInterleaved();
    void moonsWithoutNoiseLieOnHalfCircles();
    void circlesWithoutNoiseLieOnCircles();
    void blobsWithoutNoiseSitOnCentres();
    void spiralsWithoutNoise();
    void xorLabelsFollowQuadrants();
    void invalidParameters_data();
    void invalidParameters();
    void classCounts();

    void digits();

    void split_data();
    void split();
    void splitDeterministic();
    void splitInvalid_data();
    void splitInvalid();
};

void TestDatasets::shapes_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("noise");
    QTest::addColumn<int>("expectedClasses");
    QTest::newRow("blobs 300×4") << "blobs" << 300 << 4 << 0.5 << 4;
    QTest::newRow("blobs 2×2") << "blobs" << 2 << 2 << 0.0 << 2;
    QTest::newRow("moons 200") << "moons" << 200 << 2 << 0.1 << 2;
    QTest::newRow("moons 3") << "moons" << 3 << 2 << 0.1 << 2;
    QTest::newRow("circles 500") << "circles" << 500 << 2 << 0.05 << 2;
    QTest::newRow("spirals 300×3") << "spirals" << 300 << 3 << 0.2 << 3;
    QTest::newRow("spirals 7×7") << "spirals" << 7 << 7 << 0.2 << 7;
    QTest::newRow("xor 400") << "xor" << 400 << 2 << 0.1 << 2;
}

void TestDatasets::shapes() {
    QFETCH(QString, kind);
    QFETCH(int, samples);
    QFETCH(int, classes);
    QFETCH(double, noise);
    QFETCH(int, expectedClasses);
    Rng rng(1);
    const Dataset d = generate(kind, samples, classes, noise, rng);
    QCOMPARE(QString::fromStdString(d.name), kind);
    QCOMPARE(d.size(), Eigen::Index(samples));
    QCOMPARE(d.features(), Eigen::Index(2));
    QCOMPARE(d.y.size(), std::size_t(samples));
    QCOMPARE(d.classes, expectedClasses);
    QVERIFY(d.x.allFinite());
    for (int label : d.y)
        QVERIFY(label >= 0 && label < d.classes);
}

void TestDatasets::classBalance_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("classes");
    QTest::addColumn<QList<int>>("counts");
    QTest::newRow("blobs 10/3") << "blobs" << 10 << 3 << QList<int>{4, 3, 3};
    QTest::newRow("blobs 12/4") << "blobs" << 12 << 4 << QList<int>{3, 3, 3, 3};
    QTest::newRow("moons 7") << "moons" << 7 << 2 << QList<int>{4, 3};
    QTest::newRow("moons 200") << "moons" << 200 << 2 << QList<int>{100, 100};
    QTest::newRow("circles 9") << "circles" << 9 << 2 << QList<int>{5, 4};
    QTest::newRow("spirals 101/4") << "spirals" << 101 << 4 << QList<int>{26, 25, 25, 25};
    QTest::newRow("spirals 103/5") << "spirals" << 103 << 5 << QList<int>{21, 21, 21, 20, 20};
    QTest::newRow("xor 11") << "xor" << 11 << 2 << QList<int>{6, 5};
    QTest::newRow("xor 1000") << "xor" << 1000 << 2 << QList<int>{500, 500};
}

void TestDatasets::classBalance() {
    QFETCH(QString, kind);
    QFETCH(int, samples);
    QFETCH(int, classes);
    QFETCH(QList<int>, counts);
    Rng rng(7);
    const Dataset d = generate(kind, samples, classes, 0.3, rng);
    const std::vector<int> got = d.classCounts();
    QCOMPARE(QList<int>(got.begin(), got.end()), counts);
}

void TestDatasets::deterministic_data() {
    QTest::addColumn<QString>("kind");
    for (const char* kind : {"blobs", "moons", "circles", "spirals", "xor"})
        QTest::newRow(kind) << QString(kind);
}

void TestDatasets::deterministic() {
    QFETCH(QString, kind);
    Rng a(123), b(123), c(124);
    const Dataset da = generate(kind, 150, 3, 0.2, a);
    const Dataset db = generate(kind, 150, 3, 0.2, b);
    const Dataset dc = generate(kind, 150, 3, 0.2, c);
    QVERIFY(identical(da, db));
    QVERIFY(!identical(da, dc));
    QVERIFY(da.x != dc.x);
}

void TestDatasets::classesInterleaved() {
    Rng rng(5);
    const Dataset d = makeBlobs(100, 2, 0.1, rng);
    // Unshuffled output would start with 50 zeros; any shuffle breaks that up.
    QVERIFY(!std::is_sorted(d.y.begin(), d.y.end()));
    const auto firstHalfZeros = std::count(d.y.begin(), d.y.begin() + 50, 0);
    QVERIFY(firstHalfZeros > 10 && firstHalfZeros < 40);
}

void TestDatasets::moonsWithoutNoiseLieOnHalfCircles() {
    Rng rng(3);
    const Dataset d = makeMoons(101, 0.0, rng);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double x = d.x(i, 0), y = d.x(i, 1);
        if (d.y[std::size_t(i)] == 0) {
            // Upper unit half circle centred at (0, 0).
            QCOMPARE_LE(std::abs(std::hypot(x, y) - 1.0), 1e-12);
            QVERIFY(y >= 0.0);
        } else {
            // Lower unit half circle centred at (1, 0.5).
            QCOMPARE_LE(std::abs(std::hypot(x - 1.0, y - 0.5) - 1.0), 1e-12);
            QVERIFY(y <= 0.5);
        }
    }
    // The ends of each half circle are included, as in sklearn's linspace.
    const auto has = [&](double x, double y) {
        for (Eigen::Index i = 0; i < d.size(); ++i)
            if (std::abs(d.x(i, 0) - x) < 1e-12 && std::abs(d.x(i, 1) - y) < 1e-12)
                return true;
        return false;
    };
    QVERIFY(has(1.0, 0.0));
    QVERIFY(has(-1.0, 0.0));
    QVERIFY(has(0.0, 0.5));
    QVERIFY(has(2.0, 0.5));
}

void TestDatasets::circlesWithoutNoiseLieOnCircles() {
    Rng rng(4);
    const Dataset d = makeCircles(200, 0.0, rng, 0.3);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double radius = d.y[std::size_t(i)] == 0 ? 1.0 : 0.3;
        QCOMPARE_LE(std::abs(d.x.row(i).norm() - radius), 1e-12);
    }
}

void TestDatasets::blobsWithoutNoiseSitOnCentres() {
    Rng rng(6);
    const Dataset d = makeBlobs(60, 5, 0.0, rng);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double angle = 2.0 * std::numbers::pi * d.y[std::size_t(i)] / 5.0;
        QCOMPARE(d.x(i, 0), 3.0 * std::cos(angle));
        QCOMPARE(d.x(i, 1), 3.0 * std::sin(angle));
    }
}

void TestDatasets::spiralsWithoutNoise() {
    Rng rng(8);
    const Dataset d = makeSpirals(90, 3, 0.0, rng);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        const double r = d.x.row(i).norm();
        QVERIFY(r <= 1.0 + 1e-12);
        if (r < 1e-9)
            continue; // the centre, shared by every arm
        // r = k/(n-1) and t = 4c + 4r: the angle is fixed by the radius and the arm.
        const double t = 4.0 * d.y[std::size_t(i)] + 4.0 * r;
        QCOMPARE_LE(std::abs(d.x(i, 0) - r * std::sin(t)), 1e-12);
        QCOMPARE_LE(std::abs(d.x(i, 1) - r * std::cos(t)), 1e-12);
    }
}

void TestDatasets::xorLabelsFollowQuadrants() {
    Rng rng(9);
    const Dataset d = makeXor(500, 0.0, rng);
    for (Eigen::Index i = 0; i < d.size(); ++i) {
        QVERIFY(d.x.row(i).cwiseAbs().maxCoeff() <= 1.0);
        QCOMPARE(d.y[std::size_t(i)], d.x(i, 0) * d.x(i, 1) > 0.0 ? 0 : 1);
    }
    // All four quadrants are populated.
    int quadrants[4] = {};
    for (Eigen::Index i = 0; i < d.size(); ++i)
        ++quadrants[(d.x(i, 0) > 0 ? 1 : 0) + (d.x(i, 1) > 0 ? 2 : 0)];
    for (int q : quadrants)
        QVERIFY(q > 80);
}

void TestDatasets::invalidParameters_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("classes");
    QTest::addColumn<double>("noise");
    QTest::addColumn<double>("factor");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("blobs, 1 class") << "blobs" << 10 << 1 << 0.1 << 0.5 << "at least 2 classes";
    QTest::newRow("blobs, fewer samples than classes")
        << "blobs" << 3 << 4 << 0.1 << 0.5 << "at least one sample per class";
    QTest::newRow("blobs, negative noise") << "blobs" << 10 << 2 << -0.1 << 0.5 << "noise -0.1";
    QTest::newRow("moons, 1 sample") << "moons" << 1 << 2 << 0.1 << 0.5 << "at least 2 samples";
    QTest::newRow("moons, 0 samples") << "moons" << 0 << 2 << 0.1 << 0.5 << "at least 2 samples";
    QTest::newRow("moons, NaN noise") << "moons" << 10 << 2 << qQNaN() << 0.5 << "noise";
    QTest::newRow("circles, factor 0") << "circles" << 10 << 2 << 0.1 << 0.0 << "factor 0";
    QTest::newRow("circles, factor 1") << "circles" << 10 << 2 << 0.1 << 1.0 << "factor 1";
    QTest::newRow("circles, factor -2") << "circles" << 10 << 2 << 0.1 << -2.0 << "factor -2";
    QTest::newRow("spirals, 0 classes") << "spirals" << 10 << 0 << 0.1 << 0.5 << "classes 0";
    QTest::newRow("spirals, 2 samples 3 classes")
        << "spirals" << 2 << 3 << 0.1 << 0.5 << "at least one sample per class";
    QTest::newRow("xor, negative samples") << "xor" << -5 << 2 << 0.1 << 0.5 << "samples -5";
    QTest::newRow("xor, infinite noise") << "xor" << 10 << 2 << qInf() << 0.5 << "noise inf";
}

void TestDatasets::invalidParameters() {
    QFETCH(QString, kind);
    QFETCH(int, samples);
    QFETCH(int, classes);
    QFETCH(double, noise);
    QFETCH(double, factor);
    QFETCH(QString, phrase);
    Rng rng(1);
    try {
        if (kind == "circles")
            makeCircles(samples, noise, rng, factor);
        else
            generate(kind, samples, classes, noise, rng);
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(phrase), qPrintable(message));
    }
}

void TestDatasets::classCounts() {
    Dataset d;
    d.classes = 4;
    d.x.resize(6, 1);
    d.y = {3, 0, 3, 1, 3, 0};
    QCOMPARE(d.classCounts(), (std::vector<int>{2, 1, 0, 3}));
    QCOMPARE(Dataset{}.classCounts(), std::vector<int>{});
}

void TestDatasets::digits() {
    const Dataset d = loadDigits();
    QCOMPARE(d.name, std::string("digits"));
    QCOMPARE(d.size(), Eigen::Index(1797));
    QCOMPARE(d.features(), Eigen::Index(64));
    QCOMPARE(d.classes, 10);
    const std::vector<int> counts = d.classCounts();
    QCOMPARE(counts.size(), std::size_t(10));
    QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 1797);
    // Known counts of sklearn's load_digits().
    QCOMPARE(counts, (std::vector<int>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}));
    QCOMPARE(d.x.minCoeff(), 0.0);
    QCOMPARE(d.x.maxCoeff(), 16.0);
    QVERIFY((d.x.array() == d.x.array().round()).all());
    // First row of the file: a zero.
    QCOMPARE(d.y[0], 0);
    QCOMPARE(d.x(0, 2), 5.0);
    QCOMPARE(d.x(0, 3), 13.0);
}

void TestDatasets::split_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<double>("fraction");
    QTest::newRow("digits 0.2") << "digits" << 0.2;
    QTest::newRow("digits 0.5") << "digits" << 0.5;
    QTest::newRow("digits 0.05") << "digits" << 0.05;
    QTest::newRow("moons 0.25") << "moons" << 0.25;
    QTest::newRow("spirals 0.3, odd sizes") << "spirals" << 0.3;
    QTest::newRow("blobs, tiny classes, 0.1") << "blobs" << 0.1;
    QTest::newRow("blobs, tiny classes, 0.9") << "blobs" << 0.9;
}

void TestDatasets::split() {
    QFETCH(QString, source);
    QFETCH(double, fraction);
    Rng gen(11);
    const Dataset all = source == "digits"  ? loadDigits()
                        : source == "moons" ? makeMoons(400, 0.1, gen)
                        : source == "spirals"
                            ? makeSpirals(103, 3, 0.2, gen)
                            : makeBlobs(9, 4, 0.5, gen); // 3, 2, 2, 2 samples per class
    Rng rng(12);
    const Split s = splitTrainValidation(all, fraction, rng);

    QCOMPARE(s.train.size() + s.validation.size(), all.size());
    QCOMPARE(s.train.features(), all.features());
    QCOMPARE(s.validation.features(), all.features());
    QCOMPARE(s.train.classes, all.classes);
    QCOMPARE(s.validation.classes, all.classes);
    QCOMPARE(s.train.y.size(), std::size_t(s.train.size()));
    QCOMPARE(s.validation.y.size(), std::size_t(s.validation.size()));
    QCOMPARE(s.train.name, all.name);
    QCOMPARE(s.validation.name, all.name);

    // Stratified: every class's validation share is within one sample of the fraction, and
    // every class with 2 or more samples appears on both sides.
    const auto total = all.classCounts(), val = s.validation.classCounts();
    const auto train = s.train.classCounts();
    for (std::size_t c = 0; c < total.size(); ++c) {
        QCOMPARE(train[c] + val[c], total[c]);
        QVERIFY2(std::abs(val[c] - total[c] * fraction) <= 1.0,
                 qPrintable(QString("class %1: %2 of %3").arg(c).arg(val[c]).arg(total[c])));
        if (total[c] >= 2) {
            QVERIFY(val[c] >= 1);
            QVERIFY(train[c] >= 1);
        }
    }

    // Disjoint and complete: the two parts together hold exactly the original rows.
    QVERIFY(sortedRows({&s.train, &s.validation}) == sortedRows({&all}));

    // Shuffled, not grouped by class.
    if (s.train.size() > 20)
        QVERIFY(!std::is_sorted(s.train.y.begin(), s.train.y.end()));
}

void TestDatasets::splitDeterministic() {
    Rng gen(2);
    const Dataset all = makeSpirals(300, 3, 0.2, gen);
    Rng a(99), b(99), c(100);
    const Split sa = splitTrainValidation(all, 0.2, a);
    const Split sb = splitTrainValidation(all, 0.2, b);
    const Split sc = splitTrainValidation(all, 0.2, c);
    QVERIFY(identical(sa.train, sb.train));
    QVERIFY(identical(sa.validation, sb.validation));
    QVERIFY(!identical(sa.validation, sc.validation));
}

void TestDatasets::splitInvalid_data() {
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("fraction 0") << 100 << 0.0 << "validation fraction 0";
    QTest::newRow("fraction 1") << 100 << 1.0 << "validation fraction 1";
    QTest::newRow("fraction -0.5") << 100 << -0.5 << "validation fraction -0.5";
    QTest::newRow("fraction 1.5") << 100 << 1.5 << "validation fraction 1.5";
    QTest::newRow("fraction NaN") << 100 << qQNaN() << "validation fraction";
    // One sample per class: a small fraction rounds every class's share down to 0.
    QTest::newRow("empty validation") << 2 << 0.1 << "validation set empty";
    QTest::newRow("empty training") << 2 << 0.9 << "training set empty";
}

void TestDatasets::splitInvalid() {
    QFETCH(int, samples);
    QFETCH(double, fraction);
    QFETCH(QString, phrase);
    Rng gen(1);
    const Dataset all = makeBlobs(samples, 2, 0.1, gen);
    Rng rng(2);
    try {
        splitTrainValidation(all, fraction, rng);
        QFAIL("no ConfigError thrown");
    } catch (const ConfigError& e) {
        const QString message = QString::fromUtf8(e.what());
        QVERIFY2(message.contains(phrase), qPrintable(message));
    }
}

QTEST_APPLESS_MAIN(TestDatasets)
#include "test_datasets.moc"
