// The PreciseBN markers follow the view's "PreciseBN" box whatever else changes with it: a
// lesson that ticks it after one that did not (lesson 1 → lesson 8, the same compared momenta),
// and a lesson that unticks it, both show what the box says.
#include "Dashboard.h"
#include "Lesson.h"
#include "MainWindow.h"

#include <QCheckBox>
#include <QStandardPaths>
#include <QtTest>
#include <qcustomplot.h>

using namespace bnlab;

namespace {
bool markersShown(MainWindow& window) {
    const QList<QCPGraph*> graphs = window.dashboard().graphs(PlotId::RunningMean, "precise");
    if (graphs.isEmpty())
        qFatal("no PreciseBN graph");
    for (const QCPGraph* g : graphs)
        if (!g->visible())
            return false;
    return true;
}
} // namespace

class TestPreciseMarkers : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // no user settings
    void followTheBoxFromLessonToLesson();
    void followTheBoxAlone();
};

void TestPreciseMarkers::followTheBoxFromLessonToLesson() {
    MainWindow window; // opens on lesson 1, whose box is unticked
    QVERIFY(!window.viewSettings().showPreciseBn);
    QVERIFY(!markersShown(window));
    const Lesson eight = findLesson(QStringLiteral("8"));
    QVERIFY(eight.view.showPreciseBn);
    window.loadLesson(eight); // the route of `bnlab --lesson 8`
    window.session().stepN(30);
    QTRY_VERIFY(window.session().history().steps() >= 30);
    QVERIFY(window.viewSettings().showPreciseBn);
    QVERIFY(markersShown(window));
    window.loadLesson(findLesson(QStringLiteral("1")));
    QVERIFY(!markersShown(window));
}

void TestPreciseMarkers::followTheBoxAlone() {
    MainWindow window;
    window.loadLesson(findLesson(QStringLiteral("8")));
    auto* box = window.findChild<QCheckBox*>(QStringLiteral("showPreciseBn"));
    QVERIFY(box);
    QVERIFY(box->isChecked());
    box->click();
    QVERIFY(!window.viewSettings().showPreciseBn);
    QVERIFY(!markersShown(window));
    box->click();
    QVERIFY(window.viewSettings().showPreciseBn);
    QVERIFY(markersShown(window));
}

QTEST_MAIN(TestPreciseMarkers)
#include "test_precise_markers.moc"
