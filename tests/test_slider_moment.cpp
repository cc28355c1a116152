// The slider moment, as a class sees it: in every frame of a drag, paused or training, all
// four plots, the key, the window mark and the status bar show the same momentum, the curves
// are that momentum's replay, and the accuracy plot never blanks (the previous momentum's
// curve stays, dimmed and named as such, until the new one is whole). Both routes to a lesson
// (the command line's --lesson and Lessons ▸ N) give the same window.
#include "Dashboard.h"
#include "Lesson.h"
#include "MainWindow.h"
#include "MomentumKey.h"
#include "MomentumScale.h"
#include "MomentumSlider.h"
#include "PlotFrame.h"
#include "Replay.h"

#include <QAction>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>
#include <qcustomplot.h>

using namespace bnlab;
namespace ms = momentum_scale;

namespace {

QCPGraph* only(const QList<QCPGraph*>& graphs) {
    return graphs.size() == 1 ? graphs.front() : nullptr;
}

// The one momentum every part of the window must show, checked part by part.
void checkOneMomentum(MainWindow& window, const QString& where) {
    Dashboard& d = window.dashboard();
    const ViewSettings& view = window.viewSettings();
    const QString shown = ms::symbolAndValue(view.convention, view.sliderMomentum);
    const EstimatorSpec spec = Dashboard::displayedSpec(view, view.sliderMomentum);
    QCOMPARE(d.sliderSpec(), spec);
    auto fail = [&](const QString& what) {
        return qPrintable(where + ": " + what + " ≠ " + shown);
    };

    // The slider's own curves on the mean, variance and error plots, named with its momentum.
    for (PlotId id : {PlotId::RunningMean, PlotId::RunningVariance}) {
        QCPGraph* g = only(d.graphs(id, QStringLiteral("slider")));
        QVERIFY(g);
        QVERIFY2(g->name().contains(shown), fail(g->name()));
    }
    for (QCPGraph* g : d.graphs(PlotId::Error, QStringLiteral("error")))
        if (g->property("seriesKey").toString() == QStringLiteral("slider"))
            QVERIFY2(g->name().contains(shown), fail(g->name()));
    QCPGraph* accuracy = only(d.graphs(PlotId::Accuracy, QStringLiteral("accuracy-slider")));
    QVERIFY2(accuracy->name().contains(shown), fail(accuracy->name()));
    // No other series on the accuracy plot claims a momentum.
    QCPGraph* previous = only(d.graphs(PlotId::Accuracy, QStringLiteral("accuracy-previous")));
    QVERIFY2(!previous->name().contains(QStringLiteral(" = ")), fail(previous->name()));
    // The key lists the slider's momentum first.
    QVERIFY2(d.key().names().value(0).contains(shown), fail(d.key().names().value(0)));
    // The slider's window mark on the error plot.
    QCustomPlot* error = d.plot(PlotId::Error);
    const QString mark = ms::windowPhrase(spec.decay);
    bool markFound = false;
    for (int i = 0; i < error->itemCount(); ++i)
        if (auto* text = qobject_cast<QCPItemText*>(error->item(i));
            text && text->layer()->name() == PlotFrame::HighlightLayer)
            markFound = markFound || text->text() == mark;
    QVERIFY2(markFound, fail(QStringLiteral("window mark, expected ") + mark));
    // The slider's summary and the status bar.
    QVERIFY2(window.momentumSlider().summaryText().contains(ms::bothConventions(spec.decay)) ||
                 !window.momentumSlider().summaryText().contains(QStringLiteral("⇔")),
             fail(window.momentumSlider().summaryText()));
    if (window.session().history().steps() > 0)
        QVERIFY2(window.statusText().contains(QStringLiteral("EMA ") + shown),
                 fail(window.statusText()));

    // The values: the slider's mean curve is that momentum's replay, bit for bit.
    const History& h = window.session().history();
    QCPGraph* mean = only(d.graphs(PlotId::RunningMean, QStringLiteral("slider")));
    if (h.steps() > 0 && !mean->data()->isEmpty()) {
        const ReplayCurve replay = replayFeature(h.batchStats(), view.layer, view.feature, spec);
        const int n = std::min<int>(mean->data()->size(), int(replay.mean.size()));
        QVERIFY(n > 0);
        QCOMPARE(mean->data()->at(n - 1)->value, replay.mean[std::size_t(n - 1)]);
    }
    // Accuracy points under the slider's momentum are that momentum's (never the old one's):
    // every point of the curve is at an evaluation step.
    QVERIFY(accuracy->data()->size() <= int(h.evaluations().size()));
}

// One turn of the event loop and a frame's timers.
void frame() {
    QTest::qWait(17);
}

} // namespace

class TestSliderMoment : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void everyFrameShowsOneMomentumWhilePaused();
    void everyFrameShowsOneMomentumWhileTraining();
    void accuracyNeverBlanks();
    void bothRoutesToALessonGiveTheSameWindow_data();
    void bothRoutesToALessonGiveTheSameWindow();
};

void TestSliderMoment::everyFrameShowsOneMomentumWhilePaused() {
    MainWindow window;
    window.loadLesson(findLesson(QStringLiteral("3")));
    window.resize(1366, 768);
    window.show();
    window.session().stepN(400);
    QTRY_VERIFY_WITH_TIMEOUT(window.session().history().steps() >= 400, 20000);
    frame();
    QSlider* slider = window.momentumSlider().slider();
    // A scripted sweep, both ways, through the compared momenta and between them.
    for (int position = 0; position < slider->maximum(); position += 3) {
        slider->setValue(position);
        frame();
        checkOneMomentum(window, QStringLiteral("paused, position %1").arg(position));
    }
    window.momentumSlider().conventionBox()->activated(1); // PyTorch α
    for (int position = slider->maximum(); position > 0; position -= 5) {
        slider->setValue(position);
        frame();
        checkOneMomentum(window, QStringLiteral("PyTorch, position %1").arg(position));
    }
}

void TestSliderMoment::everyFrameShowsOneMomentumWhileTraining() {
    MainWindow window;
    window.loadLesson(findLesson(QStringLiteral("6")));
    window.resize(1366, 768);
    window.show();
    window.session().setSpeed(0);
    window.session().play();
    QTRY_VERIFY_WITH_TIMEOUT(window.session().history().steps() >= 200, 20000);
    QSlider* slider = window.momentumSlider().slider();
    for (int position = 4; position < slider->maximum(); position += 4) {
        slider->setValue(position);
        frame();
        checkOneMomentum(window, QStringLiteral("training, position %1").arg(position));
    }
    window.session().pause();
}

void TestSliderMoment::accuracyNeverBlanks() {
    MainWindow window;
    window.loadLesson(findLesson(QStringLiteral("5")));
    window.resize(1366, 768);
    window.show();
    window.session().stepN(1000);
    QTRY_VERIFY_WITH_TIMEOUT(window.session().history().steps() >= 1000, 20000);
    // The evaluation of the last step arrives after it, from the observation thread; wait for
    // it, so that "whole" below means every evaluation of the run.
    QTRY_VERIFY_WITH_TIMEOUT(window.session().isIdle(), 60000);
    window.session().drain();
    frame();
    Dashboard& d = window.dashboard();
    QCPGraph* current = only(d.graphs(PlotId::Accuracy, QStringLiteral("accuracy-slider")));
    QCPGraph* previous = only(d.graphs(PlotId::Accuracy, QStringLiteral("accuracy-previous")));
    QTRY_VERIFY(current->data()->size() > 10);
    // To a momentum outside the estimator bank: re-evaluated in the background.
    window.momentumSlider().valueBox()->setValue(0.97);
    frame();
    checkOneMomentum(window, QStringLiteral("after the move"));
    // In every frame until the new curve is whole, something is drawn.
    QElapsedTimer clock;
    clock.start();
    while (previous->data()->size() > 0 && clock.elapsed() < 20000) {
        QVERIFY2(current->data()->size() + previous->data()->size() > 0,
                 "the accuracy curve blanked");
        frame();
    }
    QCOMPARE(previous->data()->size(), 0); // gone once the new one is whole
    QCOMPARE(current->data()->size(), int(window.session().history().evaluations().size()));
}

void TestSliderMoment::bothRoutesToALessonGiveTheSameWindow_data() {
    QTest::addColumn<int>("number");
    const int lessons = int(bundledLessonPaths().size());
    for (int n = 1; n <= lessons; ++n)
        QTest::newRow(qPrintable(QStringLiteral("lesson %1").arg(n))) << n;
}

void TestSliderMoment::bothRoutesToALessonGiveTheSameWindow() {
    QFETCH(int, number);
    const Lesson lesson = findLesson(QString::number(number));
    const long steps = lesson.run.isEmpty() ? 120 : 0; // a recorded run is shown whole
    // The command line's route: the window opens on lesson 1, then --lesson N.
    MainWindow byCommandLine;
    byCommandLine.loadLesson(lesson);
    // The menu's route: a window that was showing another lesson, then Lessons ▸ N.
    MainWindow byMenu;
    byMenu.loadLesson(findLesson(number == 4 ? QStringLiteral("1") : QStringLiteral("4")));
    QAction* action = byMenu.lessonActions().value(number - 1);
    QVERIFY(action);
    action->trigger();
    for (MainWindow* w : {&byCommandLine, &byMenu}) {
        w->resize(1366, 768);
        w->show();
        if (steps > 0) {
            w->session().stepN(steps);
            QTRY_VERIFY_WITH_TIMEOUT(w->session().history().steps() >= steps, 20000);
        }
        // The observations of the last steps (population, PreciseBN) arrive after them.
        QTRY_VERIFY_WITH_TIMEOUT(w->session().isIdle(), 60000);
        w->session().drain();
        w->dashboard().waitForBackgroundWork();
        frame();
    }
    QCOMPARE(byCommandLine.viewSettings(), byMenu.viewSettings());
    for (PlotId id :
         {PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error, PlotId::Accuracy}) {
        QCustomPlot* a = byCommandLine.dashboard().plot(id);
        QCustomPlot* b = byMenu.dashboard().plot(id);
        QCOMPARE(a->graphCount(), b->graphCount());
        for (int i = 0; i < a->graphCount(); ++i) {
            const QString role = a->graph(i)->property("role").toString();
            QCOMPARE(role, b->graph(i)->property("role").toString());
            QCOMPARE(a->graph(i)->name(), b->graph(i)->name());
            QCOMPARE(a->graph(i)->visible(), b->graph(i)->visible());
            QVERIFY2(a->graph(i)->data()->size() == b->graph(i)->data()->size(),
                     qPrintable(QStringLiteral("%1: %2 points by the command line, %3 by the menu")
                                    .arg(role)
                                    .arg(a->graph(i)->data()->size())
                                    .arg(b->graph(i)->data()->size())));
        }
    }
    // What the lesson asks for is there and not empty: the population, and PreciseBN when
    // the lesson shows it.
    Dashboard& d = byCommandLine.dashboard();
    if (!lesson.run.isEmpty() || lesson.config.populationEvery > 0) {
        QCPGraph* population = only(d.graphs(PlotId::RunningMean, QStringLiteral("population")));
        QVERIFY(population && population->visible() && !population->data()->isEmpty());
    }
    if (lesson.view.showPreciseBn && lesson.config.preciseBnBatches > 0 && lesson.run.isEmpty()) {
        QCPGraph* precise = only(d.graphs(PlotId::RunningMean, QStringLiteral("precise")));
        QVERIFY2(precise && precise->visible() && !precise->data()->isEmpty(),
                 "PreciseBN markers missing");
    }
}

QTEST_MAIN(TestSliderMoment)
#include "test_slider_moment.moc"
