// The teaching dashboard: the slider's curves are exactly core's replay, incremental appends
// equal a full replay, compared momenta become graphs, reset empties the plots, presentation
// mode scales fonts, the slider's scale and labels, and play/pause in the main window.
#include "Dashboard.h"
#include "ErrorCurveWorker.h"
#include "ErrorSummary.h"
#include "MainWindow.h"
#include "MomentumKey.h"
#include "MomentumScale.h"
#include "MomentumSlider.h"
#include "Replay.h"
#include "Trainer.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>
#include <qcustomplot.h>

using namespace bnlab;
namespace ms = momentum_scale;

namespace {

TrainingConfig smallConfig() {
    TrainingConfig c;
    c.data.samples = 300;
    c.model.hidden = {8, 6};
    c.batchSize = 16;
    c.populationEvery = 10;
    c.preciseBnBatches = 2;
    c.evaluateEvery = 20;
    return c;
}

struct Run {
    std::unique_ptr<Trainer> trainer;
    History history;
    void steps(long n) {
        for (long i = 0; i < n; ++i)
            appendTo(history, trainer->step());
    }
};

Run makeRun(long steps) {
    const TrainingConfig c = smallConfig();
    Run run{std::make_unique<Trainer>(c, makeDatasets(c.data, c.seed)), {}};
    run.history = run.trainer->emptyHistory();
    run.steps(steps);
    return run;
}

QCPGraph* only(const QList<QCPGraph*>& graphs) {
    if (graphs.size() != 1)
        qFatal("expected exactly one graph, found %d", int(graphs.size()));
    return graphs.front();
}

// The graph's points must be (t, values[t − 1]) for every step, bit for bit.
void compareCurve(const QCPGraph* graph, const std::vector<double>& values) {
    const auto& data = *graph->data();
    QCOMPARE(data.size(), int(values.size()));
    for (int i = 0; i < data.size(); ++i) {
        QCOMPARE(data.at(i)->key, double(i + 1));
        if (data.at(i)->value != values[std::size_t(i)])
            QFAIL(qPrintable(QStringLiteral("step %1: graph %2, replay %3")
                                 .arg(i + 1)
                                 .arg(data.at(i)->value, 0, 'g', 17)
                                 .arg(values[std::size_t(i)], 0, 'g', 17)));
    }
}

int totalPoints(QCustomPlot* plot) {
    int n = 0;
    for (int i = 0; i < plot->graphCount(); ++i)
        n += plot->graph(i)->data()->size();
    return n;
}

} // namespace

class TestDashboard : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // no user settings
    void sliderCurveIsCoreReplay_data();
    void sliderCurveIsCoreReplay();
    void unbiasedVarianceScalesDotsAndCurves();
    void incrementalAppendEqualsFullReplay();
    void comparedMomentaBecomeGraphs();
    void errorCurvesAreCoreErrorSummary();
    void errorWorkerHandsBackOnlyNewPoints();
    void sharedPopulationMergesFromAnyPoint();
    void shownErrorCurvesGrowToCoreErrorSummary();
    void sliderAccuracyFromBankOrReevaluator();
    void resetClearsThePlots();
    void presentationModeScalesFonts();
    void legendClickHidesASeries();
    void stepAxesMoveTogetherAndFollow();
    void scaleRoundTrips();
    void labelsBothConventions();
    void sliderWidgetSpeaksTheConvention();
    void playAdvancesAndPauseStops();
};

void TestDashboard::sliderCurveIsCoreReplay_data() {
    QTest::addColumn<int>("convention");
    QTest::addColumn<double>("momentum");
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("feature");
    QTest::newRow("Keras β=0.9, layer 0") << int(Convention::Keras) << 0.9 << 0 << 3;
    QTest::newRow("Keras β=0.999, layer 1") << int(Convention::Keras) << 0.999 << 1 << 5;
    QTest::newRow("PyTorch α=0.3") << int(Convention::PyTorch) << 0.3 << 1 << 0;
    QTest::newRow("β=0 (each batch)") << int(Convention::Keras) << 0.0 << 0 << 7;
}

void TestDashboard::sliderCurveIsCoreReplay() {
    QFETCH(int, convention);
    QFETCH(double, momentum);
    QFETCH(int, layer);
    QFETCH(int, feature);
    Run run = makeRun(240);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);

    ViewSettings view;
    view.convention = Convention(convention);
    view.comparedMomenta = {ms::convert(0.9, Convention::Keras, view.convention)};
    view.sliderMomentum = ms::convert(0.99, Convention::Keras, view.convention);
    view.unbiasedVariance = view.convention == Convention::PyTorch;
    view.layer = layer;
    view.feature = feature;
    dashboard.setViewSettings(view, run.history);
    QCPGraph* mean = only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("slider")));
    QCPGraph* var = only(dashboard.graphs(PlotId::RunningVariance, QStringLiteral("slider")));
    const ReplayCurve before =
        replayFeature(run.history, layer, feature, view.specFor(view.sliderMomentum));
    compareCurve(mean, before.mean);

    // Moving the slider replays the highlighted curve for the new momentum.
    view.sliderMomentum = momentum;
    dashboard.setViewSettings(view, run.history);
    QCOMPARE(dashboard.graphs(PlotId::RunningMean, QStringLiteral("slider")).front(), mean);
    const ReplayCurve after = replayFeature(run.history, layer, feature, view.specFor(momentum));
    compareCurve(mean, after.mean);
    compareCurve(var, after.var);
    QVERIFY(before.mean != after.mean); // the test would notice a slider that does nothing
    QVERIFY(mean->name().contains(ms::formatMomentum(momentum)));
}

void TestDashboard::unbiasedVarianceScalesDotsAndCurves() {
    Run run = makeRun(100);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    ViewSettings view; // Keras β = 0.99
    view.unbiasedVariance = true;
    view.feature = 2;
    dashboard.setViewSettings(view, run.history);
    const int m = run.history.batchSize();
    QCPGraph* dots = only(dashboard.graphs(PlotId::RunningVariance, QStringLiteral("batch")));
    QCOMPARE(dots->data()->size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(dots->data()->at(i)->value,
                 run.history.batchVar(i + 1, 0, 2) * double(m) / double(m - 1));
    EstimatorSpec spec = EstimatorSpec::keras(0.99);
    spec.unbiasedVariance = true;
    QCOMPARE(dashboard.sliderSpec(), spec);
    compareCurve(only(dashboard.graphs(PlotId::RunningVariance, QStringLiteral("slider"))),
                 replayFeature(run.history, 0, 2, spec).var);
    QVERIFY(dashboard.plot(PlotId::RunningVariance)
                ->yAxis->label()
                .contains(QStringLiteral("unbiased")));
}

void TestDashboard::incrementalAppendEqualsFullReplay() {
    Run run = makeRun(0);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    ViewSettings view;
    view.comparedMomenta = {0.5, 0.95};
    view.showDebiasedEma = true;
    view.showCumulative = true;
    view.feature = 1;
    dashboard.setViewSettings(view, run.history);
    // Frame by frame, as the live session delivers: a few steps at a time.
    for (int frame = 0; frame < 30; ++frame) {
        run.steps(1 + frame % 7);
        dashboard.historyGrew(run.history);
    }
    const long steps = run.history.steps();
    QVERIFY(steps > 100);
    compareCurve(only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("slider"))),
                 replayFeature(run.history, 0, 1, view.specFor(0.99)).mean);
    const auto compared = dashboard.graphs(PlotId::RunningMean, QStringLiteral("compared"));
    QCOMPARE(compared.size(), 2);
    compareCurve(compared[1], replayFeature(run.history, 0, 1, view.specFor(0.95)).mean);
    compareCurve(only(dashboard.graphs(PlotId::RunningVariance, QStringLiteral("debiased"))),
                 replayFeature(run.history, 0, 1, EstimatorSpec::debiased(0.99, false)).var);
    compareCurve(only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("cumulative"))),
                 replayFeature(run.history, 0, 1, EstimatorSpec::cumulative(false)).mean);
    // Population points: one per population record of this feature.
    QCPGraph* population =
        only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("population")));
    QCOMPARE(population->data()->size(), int(run.history.population().size()));
    const PopulationRecord& last = run.history.population().back();
    QCOMPARE(population->data()->at(population->data()->size() - 1)->value, last.exact.mean[0][1]);
    QCOMPARE(only(dashboard.graphs(PlotId::Accuracy, QStringLiteral("loss")))->data()->size(),
             int(steps));
}

void TestDashboard::comparedMomentaBecomeGraphs() {
    Run run = makeRun(60);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);
    ViewSettings view;
    view.comparedMomenta = {0.5, 0.9, 0.99, 0.995, 0.999, 0.9999};
    dashboard.setViewSettings(view, run.history);
    for (PlotId id : {PlotId::RunningMean, PlotId::RunningVariance})
        QCOMPARE(dashboard.graphs(id, QStringLiteral("compared")).size(), 6);
    QCOMPARE(dashboard.graphs(PlotId::Error, QStringLiteral("error")).size(), 7); // + slider
    view.comparedMomenta = {0.8, 0.98};
    dashboard.setViewSettings(view, run.history);
    QCOMPARE(dashboard.graphs(PlotId::RunningMean, QStringLiteral("compared")).size(), 2);
    QCOMPARE(dashboard.graphs(PlotId::Error, QStringLiteral("error")).size(), 3);
    view.comparedMomenta.clear();
    dashboard.setViewSettings(view, run.history);
    QCOMPARE(dashboard.graphs(PlotId::RunningMean, QStringLiteral("compared")).size(), 0);
}

void TestDashboard::errorCurvesAreCoreErrorSummary() {
    Run run = makeRun(150);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);
    ViewSettings view;
    view.layer = 1;
    view.sliderMomentum = 0.95;
    view.comparedMomenta = {0.9};
    dashboard.setViewSettings(view, run.history);
    dashboard.waitForBackgroundWork();
    const ErrorCurve expected =
        errorVsPopulation(run.history.batchStats(), layerPopulation(run.history.population(), 1), 1,
                          view.specFor(0.95));
    QVERIFY(expected.steps.size() > 5);
    // The error plot's graphs: the slider's first (it is drawn highlighted), then compared.
    QCPGraph* slider = nullptr;
    for (QCPGraph* g : dashboard.graphs(PlotId::Error, QStringLiteral("error")))
        if (g->property("seriesKey").toString() == QStringLiteral("slider"))
            slider = g;
    QVERIFY(slider);
    QCOMPARE(slider->data()->size(), int(expected.steps.size()));
    for (std::size_t i = 0; i < expected.steps.size(); ++i) {
        QCOMPARE(slider->data()->at(int(i))->key, double(expected.steps[i]));
        QCOMPARE(slider->data()->at(int(i))->value, std::max(expected.meanError[i], 1e-9));
    }
    QVERIFY(dashboard.plot(PlotId::Error)->yAxis->scaleType() == QCPAxis::stLogarithmic);
}

// A live run's error curves are extended, not recomputed: each job hands back the points after
// those the plot shows, and a plot that changed while its job ran gets its curve again whole.
void TestDashboard::errorWorkerHandsBackOnlyNewPoints() {
    Run run = makeRun(0);
    const int layer = 1;
    const EstimatorSpec spec = EstimatorSpec::keras(0.95);
    const QString key = QStringLiteral("a");
    ErrorCurveWorker worker;
    std::size_t shown = 0;
    bool clearDuringNextJob = false;
    worker.setShownPoints([&](const QString& k, const EstimatorSpec& s) -> std::size_t {
        if (k != key || !(s == spec))
            return 0;
        const std::size_t now = shown;
        if (clearDuringNextJob) { // asked when the job starts: the plot is cleared meanwhile
            clearDuringNextJob = false;
            shown = 0;
        }
        return now;
    });
    std::vector<ErrorCurveResult> got;
    connect(&worker, &ErrorCurveWorker::ready, this,
            [&](const std::vector<ErrorCurveResult>& r) { got = r; });
    SharedPopulation population;
    std::size_t appended = 0;
    ErrorCurve drawn; // what a plot following the results would hold
    for (int piece = 0; piece < 5; ++piece) {
        run.steps(60);
        const auto& records = run.history.population();
        for (; appended < records.size(); ++appended)
            if (records[appended].step >= 1)
                population.append(records[appended].step,
                                  records[appended].exact.mean[std::size_t(layer)],
                                  records[appended].exact.var[std::size_t(layer)]);
        if (piece == 3)
            clearDuringNextJob = true;
        got.clear();
        worker.request(run.history.batchStats(), population.snapshot(), layer, {{key, spec}},
                       false);
        worker.waitForDone();
        QCOMPARE(got.size(), std::size_t(1));
        const ErrorCurveResult& r = got.front();
        QCOMPARE(r.from, shown); // the continuation of what is shown, or the whole curve
        if (piece == 1 || piece == 2) {
            QVERIFY(r.from > 0);                            // only the new points …
            QCOMPARE(r.curve.steps.size(), std::size_t(6)); // … six: every 10 steps of 60
        }
        if (piece == 3)
            QCOMPARE(r.from, std::size_t(0)); // cleared meanwhile: whole again
        drawn.steps.resize(r.from);
        drawn.meanError.resize(r.from);
        drawn.varError.resize(r.from);
        drawn.steps.insert(drawn.steps.end(), r.curve.steps.begin(), r.curve.steps.end());
        drawn.meanError.insert(drawn.meanError.end(), r.curve.meanError.begin(),
                               r.curve.meanError.end());
        drawn.varError.insert(drawn.varError.end(), r.curve.varError.begin(),
                              r.curve.varError.end());
        shown = drawn.steps.size();
    }
    const ErrorCurve whole = errorVsPopulation(
        run.history.batchStats(), layerPopulation(run.history.population(), layer), layer, spec);
    QCOMPARE(whole.steps.size(), std::size_t(30));
    QVERIFY(drawn.steps == whole.steps);
    QVERIFY(drawn.meanError == whole.meanError); // bit for bit
    QVERIFY(drawn.varError == whole.varError);
}

// A job reads the population from the first point its trackers need; the record is kept in
// chunks of SharedPopulation::ChunkSize points, so the start may fall in any chunk.
void TestDashboard::sharedPopulationMergesFromAnyPoint() {
    SharedPopulation population;
    const std::size_t total = 2 * SharedPopulation::ChunkSize + 7;
    for (std::size_t i = 0; i < total; ++i)
        population.append(long(10 * (i + 1)), Vector::Constant(2, double(i)),
                          Vector::Constant(2, double(i) + 0.5));
    const auto chunks = population.snapshot();
    QCOMPARE(chunks.size(), std::size_t(3));
    for (std::size_t first : {std::size_t(0), std::size_t(1), SharedPopulation::ChunkSize - 1,
                              SharedPopulation::ChunkSize, SharedPopulation::ChunkSize + 3,
                              2 * SharedPopulation::ChunkSize, total - 1, total, total + 5}) {
        const LayerPopulation merged = SharedPopulation::merged(chunks, first);
        const std::size_t expected = first < total ? total - first : 0;
        QCOMPARE(merged.steps.size(), expected);
        QCOMPARE(merged.mean.size(), expected);
        QCOMPARE(merged.var.size(), expected);
        for (std::size_t k = 0; k < expected; ++k) {
            const std::size_t i = first + k; // the point's index in the whole record
            QCOMPARE(merged.steps[k], long(10 * (i + 1)));
            QCOMPARE(merged.mean[k][1], double(i));
            QCOMPARE(merged.var[k][0], double(i) + 0.5);
        }
    }
}

// The same through the shown dashboard, which computes its error curves in the background
// (a hidden one computes cheap curves at once): grown in pieces, its graphs hold core's curves.
void TestDashboard::shownErrorCurvesGrowToCoreErrorSummary() {
    Run run = makeRun(30);
    Dashboard dashboard;
    dashboard.resize(900, 600);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.resetRun(run.trainer->info());
    ViewSettings view;
    view.layer = 1;
    view.sliderMomentum = 0.95;
    view.comparedMomenta = {0.9, 0.99};
    dashboard.setViewSettings(view, run.history);
    dashboard.historyGrew(run.history);
    for (long piece : {40L, 10L, 5L, 95L}) {
        run.steps(piece);
        dashboard.historyGrew(run.history);
        dashboard.waitForBackgroundWork();
    }
    const LayerPopulation population = layerPopulation(run.history.population(), 1);
    int checked = 0;
    for (QCPGraph* g : dashboard.graphs(PlotId::Error, QStringLiteral("error"))) {
        const QString key = g->property("seriesKey").toString();
        if (key != QStringLiteral("slider") && !key.startsWith(QStringLiteral("ema:")))
            continue;
        const double momentum = key == QStringLiteral("slider")        ? 0.95
                                : key.contains(QStringLiteral("0.99")) ? 0.99
                                                                       : 0.9;
        const ErrorCurve expected =
            errorVsPopulation(run.history.batchStats(), population, 1, view.specFor(momentum));
        QCOMPARE(g->data()->size(), int(expected.steps.size()));
        for (std::size_t i = 0; i < expected.steps.size(); ++i) {
            QCOMPARE(g->data()->at(int(i))->key, double(expected.steps[i]));
            QVERIFY(g->data()->at(int(i))->value == std::max(expected.meanError[i], 1e-9));
        }
        ++checked;
    }
    QCOMPARE(checked, 3);
}

void TestDashboard::sliderAccuracyFromBankOrReevaluator() {
    Run run = makeRun(120);
    Dashboard dashboard;
    dashboard.setEstimatorBank(run.trainer->config().estimators); // Keras 0.5, 0.9, 0.99, 0.999
    dashboard.resetRun(run.trainer->info());
    ViewSettings view; // slider Keras β = 0.99: in the bank
    dashboard.setViewSettings(view, run.history);
    dashboard.historyGrew(run.history);
    QVERIFY(dashboard.sliderAccuracyFromBank());
    QCPGraph* accuracy =
        only(dashboard.graphs(PlotId::Accuracy, QStringLiteral("accuracy-slider")));
    const auto& evaluations = run.history.evaluations();
    // The bank's curve, point by point (its evaluations' accuracies of estimator `bankIndex`).
    const auto isTheBanksCurve = [&](std::size_t bankIndex) {
        QCOMPARE(accuracy->data()->size(), int(evaluations.size()));
        for (std::size_t i = 0; i < evaluations.size(); ++i) {
            QCOMPARE(accuracy->data()->at(int(i))->key, double(evaluations[i].step));
            QCOMPARE(accuracy->data()->at(int(i))->value,
                     100.0 * evaluations[i].estimators[bankIndex].accuracy);
        }
    };
    isTheBanksCurve(2);
    // While the run grows, the new evaluations extend the curve.
    for (long piece : {60L, 20L, 100L}) {
        run.steps(piece);
        dashboard.historyGrew(run.history);
        isTheBanksCurve(2);
    }

    // Not in the bank: empty until the re-evaluated points arrive.
    view.sliderMomentum = 0.97;
    dashboard.setViewSettings(view, run.history);
    QVERIFY(!dashboard.sliderAccuracyFromBank());
    QCOMPARE(accuracy->data()->size(), 0);
    dashboard.addSliderAccuracy({{100, {0.3, 0.75}}, {20, {0.5, 0.5}}});
    QCOMPARE(accuracy->data()->size(), 2);
    QCOMPARE(accuracy->data()->at(0)->key, 20.0); // any order in, sorted out
    QCOMPARE(accuracy->data()->at(1)->value, 75.0);

    // Back in the bank (β = 0.9): that estimator's whole curve replaces the re-evaluated points,
    // and grows with the run.
    view.sliderMomentum = 0.9;
    dashboard.setViewSettings(view, run.history);
    QVERIFY(dashboard.sliderAccuracyFromBank());
    isTheBanksCurve(1);
    run.steps(40);
    dashboard.historyGrew(run.history);
    isTheBanksCurve(1);
}

void TestDashboard::resetClearsThePlots() {
    Run run = makeRun(80);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);
    dashboard.waitForBackgroundWork();
    for (PlotId id :
         {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error, PlotId::Accuracy})
        QVERIFY2(totalPoints(dashboard.plot(id)) > 0, "the plots had data");
    dashboard.resetRun(run.trainer->info());
    for (PlotId id :
         {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error, PlotId::Accuracy})
        QCOMPARE(totalPoints(dashboard.plot(id)), 0);
}

void TestDashboard::presentationModeScalesFonts() {
    Dashboard dashboard;
    QCustomPlot* plot = dashboard.plot(PlotId::RunningMean);
    const int label = plot->xAxis->labelFont().pointSize();
    const int legend = plot->legend->font().pointSize();
    QVERIFY(label >= 11);
    dashboard.setPresentationScale(1.6);
    QCOMPARE(plot->xAxis->labelFont().pointSize(), qRound(label * 1.6));
    QCOMPARE(plot->legend->font().pointSize(), qRound(legend * 1.6));
    QCPGraph* slider = only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("slider")));
    QCOMPARE(slider->pen().widthF(), 3.5 * 1.6);
    dashboard.setPresentationScale(1.0);
    QCOMPARE(plot->xAxis->labelFont().pointSize(), label);
}

void TestDashboard::legendClickHidesASeries() {
    Run run = makeRun(40);
    Dashboard dashboard;
    dashboard.resize(1000, 800);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);
    // The population is listed once, in the dashboard's key; a click there hides it on both
    // plots that draw it.
    MomentumKey& key = dashboard.key();
    const int index = int(key.names().indexOf(QStringLiteral("population")));
    QVERIFY(index >= 0);
    QCPGraph* population =
        only(dashboard.graphs(PlotId::RunningMean, QStringLiteral("population")));
    const QPoint entry = key.entryRect(index).center();
    QTest::mouseClick(&key, Qt::LeftButton, {}, entry);
    QVERIFY(!population->visible());
    QVERIFY(
        !only(dashboard.graphs(PlotId::RunningVariance, QStringLiteral("population")))->visible());
    QVERIFY(key.entries()[std::size_t(index)].hidden); // greyed in the key, to switch back on
    QTest::mouseClick(&key, Qt::LeftButton, {}, entry);
    QVERIFY(population->visible());

    // What is specific to one plot is in that plot's own legend: the accuracy plot's.
    QCustomPlot* plot = dashboard.plot(PlotId::Accuracy);
    QCPGraph* batch = only(dashboard.graphs(PlotId::Accuracy, QStringLiteral("accuracy-batch")));
    plot->replot();
    QCPPlottableLegendItem* item = plot->legend->itemWithPlottable(batch);
    QVERIFY(item);
    const QPoint centre = item->rect().center();
    QTest::mouseClick(plot, Qt::LeftButton, {}, centre);
    QVERIFY(!batch->visible());
    QVERIFY(!item->selected()); // hidden, but never drawn as "selected"
    QTest::mouseClick(plot, Qt::LeftButton, {}, centre);
    QVERIFY(batch->visible());
    // No plot lists the momenta or the population under itself.
    for (PlotId id : {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error})
        for (int i = 0; i < dashboard.plot(id)->legend->itemCount(); ++i) {
            auto* entry =
                qobject_cast<QCPPlottableLegendItem*>(dashboard.plot(id)->legend->item(i));
            QVERIFY(entry);
            QCOMPARE(entry->plottable()->property("role").toString(), QStringLiteral("error-key"));
        }
}

void TestDashboard::stepAxesMoveTogetherAndFollow() {
    Run run = makeRun(200);
    Dashboard dashboard;
    dashboard.resetRun(run.trainer->info());
    dashboard.historyGrew(run.history);
    QVERIFY(dashboard.followLatest());
    // Zooming at the latest steps keeps following, with the zoomed width.
    dashboard.plot(PlotId::Error)->xAxis->setRange(150, 200);
    QVERIFY(dashboard.followLatest());
    for (PlotId id : {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Accuracy})
        QCOMPARE(dashboard.plot(id)->xAxis->range(), QCPRange(150, 200));
    run.steps(20);
    dashboard.historyGrew(run.history);
    dashboard.prepareForExport(); // draws everything pending now
    QCOMPARE(dashboard.plot(PlotId::RunningMean)->xAxis->range(), QCPRange(170, 220));
    // Looking into the past stops following; "reset view" shows the whole run again.
    QSignalSpy followChanged(&dashboard, &Dashboard::followLatestChanged);
    dashboard.plot(PlotId::RunningMean)->xAxis->setRange(20, 60);
    QVERIFY(!dashboard.followLatest());
    QCOMPARE(followChanged.count(), 1);
    run.steps(5);
    dashboard.historyGrew(run.history);
    dashboard.prepareForExport();
    QCOMPARE(dashboard.plot(PlotId::Accuracy)->xAxis->range(), QCPRange(20, 60));
    dashboard.resetView();
    dashboard.prepareForExport();
    QVERIFY(dashboard.followLatest());
    QCOMPARE(dashboard.plot(PlotId::Error)->xAxis->range(), QCPRange(0, 225));
}

void TestDashboard::scaleRoundTrips() {
    QCOMPARE(ms::decayAt(0), 0.0);
    QCOMPARE(ms::decayAt(ms::positionCount() - 1), 0.9999);
    double previous = -1;
    for (int p = 0; p < ms::positionCount(); ++p) {
        const double beta = ms::decayAt(p);
        QVERIFY2(beta > previous, "β grows along the slider");
        previous = beta;
        QCOMPARE(ms::positionOfDecay(beta), p); // position → β → position
    }
    for (double beta : {0.0, 0.5, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9999})
        QCOMPARE(ms::decayAt(ms::positionOfDecay(beta)), beta); // the usual values are stops
    // Decades sit a quarter of the slider apart (the log scale in 1 − β).
    const int quarter = (ms::positionCount() - 1) / 4;
    QCOMPARE(ms::positionOfDecay(0.9), quarter);
    QCOMPARE(ms::positionOfDecay(0.99), 2 * quarter);
    QCOMPARE(ms::positionOfDecay(0.999), 3 * quarter);
    // Slider values equal the bank's literals exactly (so bank lookups work).
    QCOMPARE(ms::momentumFromDecay(Convention::Keras, ms::decayAt(2 * quarter)), 0.99);
    QCOMPARE(EstimatorSpec::inConvention(Convention::PyTorch,
                                         ms::momentumFromDecay(Convention::PyTorch, 0.9)),
             EstimatorSpec::pytorch(0.1));
}

void TestDashboard::labelsBothConventions() {
    QCOMPARE(ms::bothConventions(0.99), QStringLiteral("Keras β = 0.99 ⇔ PyTorch α = 0.01"));
    QCOMPARE(ms::bothConventions(0.9), QStringLiteral("Keras β = 0.9 ⇔ PyTorch α = 0.1"));
    // The window is written once: "= 100 steps" or "≈ 833 steps", never "= ≈".
    QCOMPARE(ms::windowPhrase(0.99), QStringLiteral("window = 100 steps"));
    QCOMPARE(ms::windowPhrase(0.9988), QStringLiteral("window ≈ 833 steps"));
    QCOMPARE(ms::windowPhrase(0.0), QStringLiteral("window = 1 step"));
    QCOMPARE(ms::windowSteps(0.99), QStringLiteral("100"));
    QCOMPARE(ms::windowSteps(0.0), QStringLiteral("1"));
    QCOMPARE(ms::windowSteps(0.9988), QStringLiteral("≈ 833"));
    QCOMPARE(ms::convert(0.99, Convention::Keras, Convention::PyTorch), 0.01);
    QCOMPARE(ms::convert(0.1, Convention::PyTorch, Convention::Keras), 0.9);
}

void TestDashboard::sliderWidgetSpeaksTheConvention() {
    MomentumSlider slider;
    slider.setMomentum(0.99);
    QVERIFY(slider.summaryText().contains(QStringLiteral("Keras β = 0.99")));
    QVERIFY(slider.summaryText().contains(QStringLiteral("PyTorch α = 0.01")));
    QVERIFY(slider.summaryText().contains(QStringLiteral("= 100 steps")));
    slider.setConvention(Convention::PyTorch);
    QCOMPARE(slider.momentum(), 0.01);
    QCOMPARE(slider.decay(), 0.99);

    QSignalSpy moved(&slider, &MomentumSlider::momentumChanged);
    const int quarter = (ms::positionCount() - 1) / 4;
    slider.slider()->setValue(quarter); // the user drags to β = 0.9
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.front().front().toDouble(), 0.1); // spoken as PyTorch α
    QVERIFY(slider.summaryText().contains(QStringLiteral("Keras β = 0.9 ⇔ PyTorch α = 0.1")));
    QVERIFY(!slider.summaryText().contains(QStringLiteral("= ≈")));

    QSignalSpy switched(&slider, &MomentumSlider::conventionChanged);
    QComboBox* box = slider.conventionBox();
    box->setCurrentIndex(box->findData(int(Convention::Keras)));
    emit box->activated(box->currentIndex());
    QCOMPARE(switched.count(), 1);
    QCOMPARE(slider.momentum(), 0.9);
}

void TestDashboard::playAdvancesAndPauseStops() {
    MainWindow window;
    TrainingConfig config = smallConfig();
    window.session().configure(config);
    window.session().setSpeed(0);
    window.show();
    QCOMPARE(window.session().history().steps(), 0L);
    QVERIFY(!window.session().isPlaying());

    window.session().play();
    QTRY_VERIFY_WITH_TIMEOUT(window.session().history().steps() > 30, 20000);
    // The dashboard follows the session.
    QTRY_VERIFY(only(window.dashboard().graphs(PlotId::RunningMean, QStringLiteral("batch")))
                    ->data()
                    ->size() > 0);

    window.session().pause();
    QTRY_VERIFY(!window.session().isPlaying());
    // The step in flight, if any, and its observations are finished and drained: waited for, not
    // timed, since a sanitizer build may take longer than any fixed wait.
    QTRY_VERIFY_WITH_TIMEOUT((window.session().drain(), window.session().isIdle()), 60000);
    const long stopped = window.session().history().steps();
    QTest::qWait(300);
    QCOMPARE(window.session().history().steps(), stopped);

    window.session().stepOnce();
    QTRY_COMPARE(window.session().history().steps(), stopped + 1);

    // Moving the slider in the window re-draws the dashboard's highlighted curve.
    window.momentumSlider().slider()->setValue(ms::positionOfDecay(0.9));
    QCOMPARE(window.viewSettings().sliderMomentum, 0.9);
    QCOMPARE(window.dashboard().viewSettings().sliderMomentum, 0.9);

    window.session().reset();
    QCOMPARE(totalPoints(window.dashboard().plot(PlotId::RunningMean)), 0);
}

QTEST_MAIN(TestDashboard)
#include "test_dashboard.moc"
