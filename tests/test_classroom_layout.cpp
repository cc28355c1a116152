// The window at classroom screen sizes: it fits the screen it opens on, every plot's data area
// has room (normal mode with the Controls and Lesson docks shown), presentation mode gives the
// four data areas at least half the screen and the focus view one plot two thirds of it, and
// no title, axis label, tick label, window mark or readout is elided or clipped.
//
// One screen per process (the offscreen platform's screen is fixed at start-up):
//   test_classroom_layout WIDTHxHEIGHT [DPR]
// CTest runs it at 1280×720, 1366×768, 1920×1080 and 3840×2160 at 200 %.
#include "ControlPanel.h"
#include "Dashboard.h"
#include "Lesson.h"
#include "MainWindow.h"
#include "MomentumKey.h"
#include "MomentumSlider.h"
#include "PlotFrame.h"

#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QScreen>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <qcustomplot.h>

using namespace bnlab;

namespace {

QSize screenSize; // logical pixels
double screenDpr = 1.0;

const std::array<PlotId, 4> AllPlots{PlotId::RunningMean, PlotId::RunningVariance, PlotId::Error,
                                     PlotId::Accuracy};

// Lesson 6 after some training: real data, ticks and labels on every plot.
void prepare(MainWindow& window) {
    window.loadLesson(findLesson(QStringLiteral("6")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.session().stepN(600);
    QTRY_VERIFY_WITH_TIMEOUT(window.session().history().steps() >= 600, 20000);
    QTest::qWait(400);                     // frames drawn, the redraw cycle settled
    window.dashboard().prepareForExport(); // the settle pass at once (axes, ticks)
    window.dashboard().finishExport();
    QTest::qWait(100);
}

QString layoutDump(QCustomPlot* plot) {
    QCPLayoutGrid* grid = plot->plotLayout();
    QString out = QStringLiteral(" rows %1 stretch").arg(grid->rowCount());
    for (double f : grid->rowStretchFactors())
        out += QStringLiteral(" %1").arg(f);
    for (int r = 0; r < grid->rowCount(); ++r)
        for (int c = 0; c < grid->columnCount(); ++c)
            if (QCPLayoutElement* e = grid->element(r, c))
                out += QStringLiteral(" [%1,%2 %3 outer %4,%5 %6x%7 margins %8/%9]")
                           .arg(r)
                           .arg(c)
                           .arg(e->metaObject()->className())
                           .arg(e->outerRect().x())
                           .arg(e->outerRect().y())
                           .arg(e->outerRect().width())
                           .arg(e->outerRect().height())
                           .arg(e->margins().top())
                           .arg(e->margins().bottom());
    return out;
}

double dataArea(QCustomPlot* plot) {
    plot->replot(); // the layout as drawn at the plot's current size
    const QRect r = plot->axisRect()->rect();
    return double(r.width()) * double(r.height());
}

// Tick labels must not pile up: the labels drawn along an axis fit its length.
void checkTicks(QCPAxis* axis, const QString& where) {
    if (!axis->visible() || !axis->tickLabels())
        return;
    const QFontMetrics fm(axis->tickLabelFont());
    const QVector<QString> labels = axis->tickVectorLabels(); // as drawn last
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    double need = 0;
    for (const QString& label : labels)
        need += horizontal ? fm.horizontalAdvance(label) + 4 : fm.height();
    const double length = horizontal ? axis->axisRect()->width() : axis->axisRect()->height();
    QVERIFY2(need <= length, qPrintable(QStringLiteral("%1: %2 tick labels need %3 px, the axis "
                                                       "has %4")
                                            .arg(where)
                                            .arg(labels.size())
                                            .arg(need)
                                            .arg(length)));
}

void checkLabelFits(const QLabel* label, const QString& where) {
    if (!label->isVisible() || label->wordWrap() || label->text().isEmpty())
        return;
    // The label's own size hint measures rich text too; take away its margins.
    const int need = label->sizeHint().width() - (label->width() - label->contentsRect().width());
    QVERIFY2(need <= label->contentsRect().width(),
             qPrintable(QStringLiteral("%1 \"%2\" needs %3 px, has %4")
                            .arg(where, label->text())
                            .arg(need)
                            .arg(label->contentsRect().width())));
}

// Titles, axis labels, tick labels, window marks and readouts: nothing cut.
void checkNothingClipped(MainWindow& window) {
    Dashboard& dashboard = window.dashboard();
    for (PlotId id : AllPlots) {
        if (dashboard.focusedPlot() && *dashboard.focusedPlot() != id)
            continue;
        PlotFrame& frame = dashboard.frame(id);
        QCustomPlot* plot = frame.plot();
        const QString name = plot->objectName();
        QVERIFY2(frame.titleFits(), qPrintable(name + ": title \"" + frame.title() + "\" is cut"));
        for (QCPAxis* axis : plot->axisRect()->axes()) {
            checkTicks(axis, name);
            if (!axis->visible() || axis->label().isEmpty())
                continue;
            const int need = QFontMetrics(axis->labelFont()).horizontalAdvance(axis->label());
            const int length = axis->orientation() == Qt::Horizontal ? axis->axisRect()->width()
                                                                     : axis->axisRect()->height();
            QVERIFY2(need <= length, qPrintable(QStringLiteral("%1: axis label \"%2\" needs %3 px "
                                                               "of %4")
                                                    .arg(name, axis->label())
                                                    .arg(need)
                                                    .arg(length)));
        }
        // Window marks and their labels inside the data area.
        for (int i = 0; i < plot->itemCount(); ++i) {
            auto* text = qobject_cast<QCPItemText*>(plot->item(i));
            if (!text || !text->visible() || text->layer()->name() == PlotFrame::HoverLayer)
                continue;
            const QPointF at = text->position->pixelPosition();
            const QRect rect = plot->axisRect()->rect();
            if (at.x() < rect.left() || at.x() > rect.right())
                continue; // a mark outside the visible steps is not drawn
            const QFontMetrics fm(text->font());
            QRectF box = fm.boundingRect(QRect(0, 0, 2000, 2000), 0, text->text());
            box.adjust(0, 0, text->padding().left() + text->padding().right(), 0);
            double left = at.x();
            if (text->positionAlignment() & Qt::AlignHCenter)
                left -= box.width() / 2;
            else if (text->positionAlignment() & Qt::AlignRight)
                left -= box.width();
            QVERIFY2(left >= rect.left() - 1 && left + box.width() <= rect.right() + 2,
                     qPrintable(QStringLiteral("%1: \"%2\" runs out of the data area")
                                    .arg(name, text->text())));
        }
    }
    // The slider's labels and the status readouts.
    for (const QLabel* label : window.momentumSlider().findChildren<QLabel*>())
        checkLabelFits(label, QStringLiteral("slider"));
    for (const QLabel* label : window.statusBar()->findChildren<QLabel*>())
        checkLabelFits(label, QStringLiteral("status bar"));
    // The key: every entry inside the widget.
    const MomentumKey& key = dashboard.key();
    QVERIFY(!key.entries().empty());
    QVERIFY2(key.height() >= key.heightForWidth(key.width()),
             qPrintable(QStringLiteral("the key needs %1 px, has %2")
                            .arg(key.heightForWidth(key.width()))
                            .arg(key.height())));
}

} // namespace

class TestClassroomLayout : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void windowFitsTheScreen();
    void normalModeGivesThePlotsRoom();
    void presentationModeGivesThePlotsHalfTheScreen();
    void focusViewGivesOnePlotTwoThirds();
};

void TestClassroomLayout::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    QCOMPARE(screen.size(), screenSize);
    QCOMPARE(QGuiApplication::primaryScreen()->devicePixelRatio(), screenDpr);
}

void TestClassroomLayout::windowFitsTheScreen() {
    MainWindow window;
    prepare(window);
    const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
    if (qEnvironmentVariableIsSet("BNLAB_LAYOUT_DEBUG"))
        for (QWidget* w : window.findChildren<QWidget*>())
            if (w->isVisible() && !qobject_cast<QCustomPlot*>(w) &&
                w->minimumSizeHint().width() > 150)
                qDebug() << w->metaObject()->className() << w->objectName() << w->minimumSizeHint()
                         << w->minimumSize() << w->size();
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(QStringLiteral("window %1×%2 on a %3×%4 screen")
                            .arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())
                            .arg(available.width())
                            .arg(available.height())));
    QVERIFY(window.width() >= available.width() * 9 / 10); // it uses the screen, too
    // Every dock shown: the window still goes down to 1024×600.
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        dock->show();
    const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
    QVERIFY2(minimum.width() <= 1024 && minimum.height() <= 600,
             qPrintable(
                 QStringLiteral("minimum size %1×%2").arg(minimum.width()).arg(minimum.height())));
}

void TestClassroomLayout::normalModeGivesThePlotsRoom() {
    MainWindow window;
    prepare(window);
    QDockWidget* controls = window.findChild<QDockWidget*>(QStringLiteral("controlsDock"));
    QDockWidget* lesson = window.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
    QVERIFY(controls && controls->isVisible());
    QVERIFY(lesson && lesson->isVisible());
    for (PlotId id : AllPlots) {
        QCustomPlot* plot = window.dashboard().plot(id);
        const double share = dataArea(plot) / (double(plot->width()) * plot->height());
        QVERIFY2(share >= 0.45, qPrintable(QStringLiteral("%1: data area is %2 % of the plot "
                                                          "(%3×%4 in %5×%6)")
                                               .arg(plot->objectName())
                                               .arg(100 * share, 0, 'f', 1)
                                               .arg(plot->axisRect()->width())
                                               .arg(plot->axisRect()->height())
                                               .arg(plot->width())
                                               .arg(plot->height()) +
                                           layoutDump(plot)));
        QVERIFY2(plot->axisRect()->height() >= 160,
                 qPrintable(QStringLiteral("%1: data area %2 px tall")
                                .arg(plot->objectName())
                                .arg(plot->axisRect()->height())));
    }
    checkNothingClipped(window);
}

void TestClassroomLayout::presentationModeGivesThePlotsHalfTheScreen() {
    if (screenDpr != 1.0)
        QSKIP("presentation mode is measured at 1280×720, 1366×768 and 1920×1080");
    MainWindow window;
    prepare(window);
    window.setPresentationMode(true);
    QTest::qWait(300);
    window.dashboard().prepareForExport();
    window.dashboard().finishExport();
    QTest::qWait(100);
    QVERIFY(window.isFullScreen() || window.geometry() == window.screen()->geometry());
    double total = 0;
    for (PlotId id : AllPlots)
        total += dataArea(window.dashboard().plot(id));
    const double share = total / (double(screenSize.width()) * screenSize.height());
    QVERIFY2(share >= 0.50, qPrintable(QStringLiteral("the four data areas cover %1 % of the "
                                                      "screen")
                                           .arg(100 * share, 0, 'f', 1)));
    checkNothingClipped(window);
}

void TestClassroomLayout::focusViewGivesOnePlotTwoThirds() {
    if (screenDpr != 1.0)
        QSKIP("the focus view is measured at 1280×720, 1366×768 and 1920×1080");
    MainWindow window;
    prepare(window);
    window.setPresentationMode(true);
    for (PlotId id : AllPlots) {
        window.dashboard().setFocusedPlot(id);
        QTest::qWait(200);
        window.dashboard().prepareForExport();
        window.dashboard().finishExport();
        QTest::qWait(50);
        const double share = dataArea(window.dashboard().plot(id)) /
                             (double(screenSize.width()) * screenSize.height());
        QVERIFY2(share >= 0.65,
                 qPrintable(QStringLiteral("%1 in focus: data area %2 % of the "
                                           "screen (%3×%4 in a %5×%6 plot)")
                                .arg(window.dashboard().plot(id)->objectName())
                                .arg(100 * share, 0, 'f', 1)
                                .arg(window.dashboard().plot(id)->axisRect()->width())
                                .arg(window.dashboard().plot(id)->axisRect()->height())
                                .arg(window.dashboard().plot(id)->width())
                                .arg(window.dashboard().plot(id)->height())));
        checkNothingClipped(window);
    }
    // Esc: back to all four, then out of presentation mode.
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.dashboard().focusedPlot());
    QVERIFY(window.presentationMode());
    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.presentationMode());
}

int main(int argc, char** argv) {
    // The screen must exist before the application: a configuration file for the offscreen
    // platform, and Qt's scale factor for a 200 % screen.
    const QStringList args = [&] {
        QStringList a;
        for (int i = 1; i < argc; ++i)
            a << QString::fromLocal8Bit(argv[i]);
        return a;
    }();
    const QString size = args.value(0, QStringLiteral("1366x768"));
    screenDpr = args.value(1, QStringLiteral("1")).toDouble();
    const int w = size.section(QLatin1Char('x'), 0, 0).toInt();
    const int h = size.section(QLatin1Char('x'), 1, 1).toInt();
    screenSize = QSize(qRound(w / screenDpr), qRound(h / screenDpr));
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("screen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QStringLiteral("{\"screens\": [{\"name\": \"classroom\", \"x\": 0, \"y\": 0, "
                              "\"width\": %1, \"height\": %2, \"logicalDpi\": 96, "
                              "\"logicalBaseDpi\": 96}]}")
                   .arg(w)
                   .arg(h)
                   .toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", ("offscreen:configfile=" + config).toLocal8Bit());
    if (screenDpr != 1.0)
        qputenv("QT_SCALE_FACTOR", QByteArray::number(screenDpr));
    QApplication app(argc, argv);
    TestClassroomLayout test;
    // Qt Test's own options come after ours.
    QStringList testArgs{QString::fromLocal8Bit(argv[0])};
    testArgs << args.mid(2);
    return QTest::qExec(&test, testArgs);
}

#include "test_classroom_layout.moc"
