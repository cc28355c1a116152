// The teaching window's wiring: switching conventions rewrites every BN momentum without
// changing an estimator, a bad configuration is reported next to Apply, a diverged run shows a
// banner and keeps its history, presentation mode scales the plots and makes room, and the
// shortcuts dialog lists every shortcut.
#include "ControlPanel.h"
#include "HelpDialog.h"
#include "MainWindow.h"
#include "MomentumSlider.h"
#include "SmallConfig.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QStandardPaths>
#include <QTableWidget>
#include <QtTest>

using namespace bnlab;

class TestMainWindow : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); } // no user settings
    void conventionSwitchKeepsTheEstimators();
    void badConfigurationIsReportedNextToApply();
    void divergenceShowsABannerAndKeepsTheHistory();
    void presentationModeScalesAndMakesRoom();
    void shortcutsDialogListsEveryShortcut();
};

void TestMainWindow::conventionSwitchKeepsTheEstimators() {
    MainWindow window;
    window.session().configure(smallConfig(20));
    ViewSettings keras;
    keras.comparedMomenta = {0.5, 0.9, 0.99, 0.999};
    keras.sliderMomentum = 0.95;
    keras.unbiasedVariance = false;
    window.loadLesson([&] {
        Lesson l;
        l.title = QStringLiteral("test");
        l.config = smallConfig(20);
        l.view = keras;
        return l;
    }());
    QCOMPARE(window.viewSettings().convention, Convention::Keras);

    QComboBox* box = window.momentumSlider().conventionBox();
    box->setCurrentIndex(box->findData(int(Convention::PyTorch)));
    emit box->activated(box->currentIndex());
    const ViewSettings& v = window.viewSettings();
    QCOMPARE(v.convention, Convention::PyTorch);
    QCOMPARE(v.comparedMomenta, (std::vector<double>{0.5, 0.1, 0.01, 0.001}));
    QCOMPARE(v.sliderMomentum, 0.05);
    QVERIFY(v.unbiasedVariance); // PyTorch's own variance
    QCOMPARE(window.momentumSlider().momentum(), 0.05);
    QCOMPARE(window.dashboard().sliderSpec().decay, 0.95);
}

void TestMainWindow::badConfigurationIsReportedNextToApply() {
    MainWindow window;
    window.session().configure(smallConfig(20));
    auto* panel = window.findChild<ControlPanel*>();
    QVERIFY(panel);
    TrainingConfig bad = smallConfig(20);
    bad.batchSize = 1; // BatchNorm needs two samples
    const long stepsBefore = window.session().history().steps();
    emit panel->configurationApplied(bad);
    auto* error = panel->findChild<QLabel*>(QStringLiteral("configurationError"));
    QVERIFY(error);
    QVERIFY2(error->text().contains(QStringLiteral("batch"), Qt::CaseInsensitive),
             qPrintable(error->text()));
    QCOMPARE(window.session().configuration().batchSize, 16); // the run was kept
    QCOMPARE(window.session().history().steps(), stepsBefore);
}

void TestMainWindow::divergenceShowsABannerAndKeepsTheHistory() {
    MainWindow window;
    window.show();
    TrainingConfig wild = smallConfig(20);
    wild.optimizer.learningRate = 1000; // with this weight decay the weights overflow
    wild.optimizer.weightDecay = 1000;
    window.session().configure(wild);
    QVERIFY(window.bannerText().isEmpty());
    window.session().play();
    QTRY_VERIFY_WITH_TIMEOUT(window.session().isDiverged(), 20000);
    QTRY_VERIFY(window.bannerText().contains(QStringLiteral("diverged at step")));
    QVERIFY(window.bannerText().contains(QStringLiteral("history so far is kept")));
    QVERIFY(!window.session().isPlaying());
}

void TestMainWindow::presentationModeScalesAndMakesRoom() {
    MainWindow window;
    window.show();
    auto* controls = window.findChild<QDockWidget*>(QStringLiteral("controlsDock"));
    QVERIFY(controls && !controls->isHidden());
    const double normalFont = window.font().pointSizeF();
    window.setPresentationMode(true);
    QVERIFY(window.presentationMode());
    // Scaled to the screen's height, not by a fixed factor.
    const double expected = std::clamp(window.screen()->geometry().height() / 675.0, 1.0, 2.5);
    QCOMPARE(window.presentationScale(), expected);
    QCOMPARE(window.dashboard().presentationScale(), expected);
    QVERIFY(controls->isHidden());
    QVERIFY(window.menuBar()->isHidden());
    QCOMPARE(window.font().pointSizeF(), normalFont * expected);
    // Every transport key still works without the menu bar and toolbar.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const long before = window.session().history().steps();
    QTest::keyClick(&window, Qt::Key_Right);
    QTRY_COMPARE(window.session().history().steps(), before + 1);
    window.setPresentationMode(false);
    QCOMPARE(window.dashboard().presentationScale(), 1.0);
    QVERIFY(!controls->isHidden());
    QVERIFY(!window.menuBar()->isHidden());
    QCOMPARE(window.font().pointSizeF(), normalFont);
}

void TestMainWindow::shortcutsDialogListsEveryShortcut() {
    MainWindow window;
    const QList<QAction*> actions = window.shortcutActions();
    QVERIFY(actions.size() >= 20);
    HelpDialog dialog(actions);
    QStringList keys;
    for (int row = 0; row < dialog.table()->rowCount(); ++row)
        keys << dialog.table()->item(row, 0)->text();
    for (QAction* a : actions)
        QVERIFY2(keys.contains(a->shortcut().toString(QKeySequence::NativeText)),
                 qPrintable(a->text()));
    for (const char* key : {"Space", "F11", "Ctrl+E", "Ctrl+Shift+C", "R"})
        QVERIFY2(keys.contains(QLatin1String(key)), key);
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
