// The control panel: configurations round-trip through the widgets, an edited widget reaches
// configurationApplied only through the Apply button, view edits are reported at once and never
// apply the configuration, hidden controls are hidden, and the run info fills the selectors.
#include "ControlPanel.h"
#include "Lesson.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QWheelEvent>
#include <QtTest>

using namespace bnlab;

namespace {

TrainingConfig unusualConfig() {
    TrainingConfig c;
    c.data.kind = DatasetKind::Blobs;
    c.data.samples = 700;
    c.data.noise = 0.4;
    c.data.classes = 5;
    c.data.validationFraction = 0.25;
    c.model.hidden = {32, 8};
    c.model.hiddenBn = true;
    c.model.inputBn = true;
    c.model.placement = BnPlacement::AfterActivation;
    c.model.activation = Activation::Tanh;
    c.model.init = WeightInit::He; // no control: kept as given
    c.model.bnEpsilon = 1e-3;      // no control: kept as given
    c.optimizer.learningRate = 0.125;
    c.optimizer.sgdMomentum = 0.5;
    c.optimizer.weightDecay = 0.001;
    c.optimizer.schedule = LrSchedule::StepDecay;
    c.optimizer.stepDecayEvery = 300;
    c.optimizer.stepDecayFactor = 0.2;
    c.optimizer.cosineSteps = 1500;
    c.optimizer.cosineFloor = 0.05;
    c.batchSize = 48;
    c.batchOrder = BatchOrder::SortedByClass;
    c.shift = {true, 1500, 2.0, 1.5};
    c.seed = 12345;
    c.populationEvery = 20;
    c.preciseBnBatches = 0;
    c.evaluateEvery = 100;
    c.keepWeightSnapshots = false;
    return c;
}

// Collects what the panel emits, without needing registered meta types.
struct Recorder {
    std::vector<TrainingConfig> applied;
    std::vector<ViewSettings> views;
    explicit Recorder(ControlPanel& panel) {
        QObject::connect(&panel, &ControlPanel::configurationApplied, &panel,
                         [this](const TrainingConfig& c) { applied.push_back(c); });
        QObject::connect(&panel, &ControlPanel::viewSettingsEdited, &panel,
                         [this](const ViewSettings& v) { views.push_back(v); });
    }
};

template <typename W> W* find(ControlPanel& panel, const char* name) {
    W* w = panel.findChild<W*>(QString::fromLatin1(name));
    if (!w)
        qFatal("no %s named %s", W::staticMetaObject.className(), name);
    return w;
}

void typeInto(QWidget* widget, const QString& text) {
    widget->setFocus();
    if (auto* spin = qobject_cast<QAbstractSpinBox*>(widget))
        spin->selectAll();
    else if (auto* edit = qobject_cast<QLineEdit*>(widget))
        edit->selectAll();
    QTest::keyClicks(widget, text);
    QTest::keyClick(widget, Qt::Key_Return);
}

RunInfo twoLayerRun() {
    RunInfo info;
    info.bnLayerNames = {"BN 0 (inputs)", "BN 1 (hidden 1)", "BN 2 (hidden 2)"};
    info.bnFeatures = {2, 16, 8};
    return info;
}

} // namespace

class TestControlPanel : public QObject {
    Q_OBJECT
  private slots:
    void wheelScrollsThePanelNotASetting();
    void configurationRoundTrip();
    void editedWidgetIsAppliedByTheButton();
    void applyButtonShowsPendingEdits();
    void viewEditsNeverApply();
    void comparedMomentaAreValidated();
    void estimatorBankFollowsTheView();
    void hiddenControlsAreHidden();
    void runInfoFillsTheSelectors();
    void configurationErrorIsShown();
    void everyControlExplainsItself();
};

void TestControlPanel::configurationRoundTrip() {
    ControlPanel panel;
    const TrainingConfig config = unusualConfig();
    panel.setConfiguration(config);
    QVERIFY(sameConfiguration(panel.configuration(), config));
    QCOMPARE(find<QLineEdit>(panel, "hiddenWidths")->text(), QStringLiteral("32, 8"));
    QCOMPARE(find<QSpinBox>(panel, "batchSize")->value(), 48);

    // Defaults round-trip too, and a CSV setup keeps its paths.
    panel.setConfiguration(TrainingConfig{});
    QVERIFY(sameConfiguration(panel.configuration(), TrainingConfig{}));
    TrainingConfig csv;
    csv.data.kind = DatasetKind::CsvFile;
    csv.data.path = "/data/train.csv";
    csv.data.validationPath = "/data/validation.csv";
    panel.setConfiguration(csv);
    QVERIFY(sameConfiguration(panel.configuration(), csv));
}

void TestControlPanel::editedWidgetIsAppliedByTheButton() {
    ControlPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setConfiguration(unusualConfig());
    Recorder recorder(panel);

    typeInto(find<QSpinBox>(panel, "batchSize"), QStringLiteral("64"));
    typeInto(find<QLineEdit>(panel, "hiddenWidths"), QStringLiteral("10, 20, 30"));
    typeInto(find<QDoubleSpinBox>(panel, "sgdMomentum"), QStringLiteral("0.8"));
    QVERIFY(recorder.applied.empty()); // nothing restarts before Apply

    QTest::mouseClick(find<QPushButton>(panel, "applyConfiguration"), Qt::LeftButton);
    QCOMPARE(recorder.applied.size(), std::size_t(1));
    const TrainingConfig& applied = recorder.applied.front();
    QCOMPARE(applied.batchSize, 64);
    QCOMPARE(applied.model.hidden, (std::vector<int>{10, 20, 30}));
    QCOMPARE(applied.optimizer.sgdMomentum, 0.8);
    // Everything else is as it was.
    TrainingConfig expected = unusualConfig();
    expected.batchSize = 64;
    expected.model.hidden = {10, 20, 30};
    expected.optimizer.sgdMomentum = 0.8;
    QVERIFY(sameConfiguration(applied, expected));
    QVERIFY(recorder.views.empty());
}

void TestControlPanel::applyButtonShowsPendingEdits() {
    ControlPanel panel;
    panel.setConfiguration(TrainingConfig{});
    auto* apply = find<QPushButton>(panel, "applyConfiguration");
    QVERIFY(!apply->property("dirty").toBool());
    find<QComboBox>(panel, "batchOrder")->setCurrentIndex(1);
    QVERIFY(apply->property("dirty").toBool());
    find<QComboBox>(panel, "batchOrder")->setCurrentIndex(0); // back to the applied value
    QVERIFY(!apply->property("dirty").toBool());
    find<QComboBox>(panel, "datasetKind")->setCurrentIndex(1);
    QVERIFY(apply->property("dirty").toBool());
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(!apply->property("dirty").toBool());
}

void TestControlPanel::viewEditsNeverApply() {
    ControlPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    ViewSettings view;
    view.convention = Convention::PyTorch; // owned by the momentum slider: passed through
    view.sliderMomentum = 0.05;
    view.comparedMomenta = {0.1, 0.01};
    panel.setViewSettings(view);
    panel.setConfiguration(TrainingConfig{});
    Recorder recorder(panel);

    QTest::mouseClick(find<QCheckBox>(panel, "showCumulative"), Qt::LeftButton);
    QCOMPARE(recorder.views.size(), std::size_t(1));
    QVERIFY(recorder.views.back().showCumulative);
    QCOMPARE(recorder.views.back().convention, Convention::PyTorch);
    QCOMPARE(recorder.views.back().sliderMomentum, 0.05);

    typeInto(find<QLineEdit>(panel, "comparedMomenta"), QStringLiteral("0.2, 0.05, 0.001"));
    QCOMPARE(recorder.views.size(), std::size_t(2));
    QCOMPARE(recorder.views.back().comparedMomenta, (std::vector<double>{0.2, 0.05, 0.001}));
    QCOMPARE(panel.viewSettings(), recorder.views.back());

    QTest::mouseClick(find<QCheckBox>(panel, "unbiasedVariance"), Qt::LeftButton);
    QCOMPARE(recorder.views.size(), std::size_t(3));
    QVERIFY(recorder.views.back().unbiasedVariance);

    QVERIFY(recorder.applied.empty());
    QVERIFY(!find<QPushButton>(panel, "applyConfiguration")->property("dirty").toBool());
    // The label speaks the view's convention.
    QVERIFY(find<QLabel>(panel, "comparedMomentaProblem")->isHidden());
}

void TestControlPanel::comparedMomentaAreValidated() {
    ControlPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    Recorder recorder(panel);
    typeInto(find<QLineEdit>(panel, "comparedMomenta"), QStringLiteral("0.9, 1.5"));
    QVERIFY(recorder.views.empty());
    QVERIFY(!find<QLabel>(panel, "comparedMomentaProblem")->isHidden());
    QCOMPARE(panel.viewSettings().comparedMomenta, ViewSettings{}.comparedMomenta);
}

void TestControlPanel::estimatorBankFollowsTheView() {
    ControlPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setConfiguration(TrainingConfig{}); // bank = the default view's compared momenta
    Recorder recorder(panel);
    typeInto(find<QLineEdit>(panel, "comparedMomenta"), QStringLiteral("0.95, 0.995"));
    QTest::mouseClick(find<QPushButton>(panel, "applyConfiguration"), Qt::LeftButton);
    QCOMPARE(recorder.applied.size(), std::size_t(1));
    const std::vector<EstimatorSpec> expected{EstimatorSpec::keras(0.95),
                                              EstimatorSpec::keras(0.995)};
    QVERIFY(recorder.applied.back().estimators == expected);

    // A custom bank is kept.
    TrainingConfig custom;
    custom.estimators = {EstimatorSpec::cumulative(true)};
    panel.setConfiguration(custom);
    typeInto(find<QLineEdit>(panel, "comparedMomenta"), QStringLiteral("0.5"));
    QVERIFY(panel.configuration().estimators == custom.estimators);
}

void TestControlPanel::hiddenControlsAreHidden() {
    ControlPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QStringList names = panel.controlNames();
    for (const char* expected : {"batchSize", "learningRate", "datasetKind", "comparedMomenta",
                                 "sgdMomentum", "bnLayer", "bnFeature", "shiftEnabled"})
        QVERIFY2(names.contains(QLatin1String(expected)), expected);
    for (const QString& name : names)
        QVERIFY2(panel.findChild<QWidget*>(name), qPrintable(name));

    const QStringList hidden{"batchSize",   "learningRate", "shiftEnabled",           "shiftAtStep",
                             "shiftOffset", "shiftScale",   "someOtherWindowsControl"};
    panel.setHiddenControls(hidden);
    QCOMPARE(panel.hiddenControls(), hidden);
    QVERIFY(panel.findChild<QWidget*>("batchSize")->isHidden());
    QVERIFY(panel.findChild<QWidget*>("learningRate")->isHidden());
    QVERIFY(!panel.findChild<QWidget*>("batchOrder")->isHidden());
    QVERIFY(!panel.findChild<QWidget*>("sgdMomentum")->isHidden());
    // The distribution-shift section has nothing left to show.
    QGroupBox* shiftGroup = nullptr;
    for (QGroupBox* box : panel.findChildren<QGroupBox*>())
        if (box->isAncestorOf(panel.findChild<QWidget*>("shiftEnabled")))
            shiftGroup = box;
    QVERIFY(shiftGroup && shiftGroup->isHidden());

    panel.setHiddenControls({});
    QVERIFY(!panel.findChild<QWidget*>("batchSize")->isHidden());
    QVERIFY(!shiftGroup->isHidden());
}

void TestControlPanel::runInfoFillsTheSelectors() {
    ControlPanel panel;
    ViewSettings view;
    view.layer = 1;
    view.feature = 12;
    panel.setViewSettings(view);
    Recorder recorder(panel);
    panel.setRunInfo(twoLayerRun());
    auto* layer = find<QComboBox>(panel, "bnLayer");
    auto* feature = find<QSpinBox>(panel, "bnFeature");
    QCOMPARE(layer->count(), 3);
    QCOMPARE(layer->itemText(2), QStringLiteral("BN 2 (hidden 2)"));
    QCOMPARE(layer->currentIndex(), 1);
    QCOMPARE(feature->maximum(), 15);
    QCOMPARE(feature->value(), 12);
    QVERIFY(recorder.views.empty()); // still valid: nothing to report

    layer->setCurrentIndex(2); // 8 features: feature 12 is clamped to 7
    QCOMPARE(feature->maximum(), 7);
    QCOMPARE(recorder.views.size(), std::size_t(1));
    QCOMPARE(recorder.views.back().layer, 2);
    QCOMPARE(recorder.views.back().feature, 7);

    // A smaller model: the layer is clamped and the change reported.
    RunInfo small;
    small.bnLayerNames = {"BN 0 (hidden 1)"};
    small.bnFeatures = {4};
    panel.setRunInfo(small);
    QCOMPARE(layer->count(), 1);
    QCOMPARE(recorder.views.back().layer, 0);
    QCOMPARE(recorder.views.back().feature, 3);
    QCOMPARE(panel.viewSettings().layer, 0);
}

void TestControlPanel::configurationErrorIsShown() {
    ControlPanel panel;
    panel.setConfiguration(TrainingConfig{});
    auto* error = find<QLabel>(panel, "configurationError");
    QVERIFY(error->isHidden());
    panel.setConfigurationError(QStringLiteral("batch size 900 is larger than the training set"));
    QVERIFY(!error->isHidden());
    QVERIFY(error->text().contains(QStringLiteral("batch size 900")));
    QVERIFY(find<QPushButton>(panel, "applyConfiguration")->property("dirty").toBool());
    panel.setConfigurationError({});
    QVERIFY(error->isHidden());
}

void TestControlPanel::everyControlExplainsItself() {
    ControlPanel panel;
    for (const QString& name : panel.controlNames()) {
        QWidget* w = panel.findChild<QWidget*>(name);
        QVERIFY2(w && !w->toolTip().isEmpty(), qPrintable(name));
        QVERIFY2(controlDisplayName(name) != name, qPrintable(name));
    }
    // The two momenta are named apart.
    bool sgdLabel = false;
    for (QLabel* label : panel.findChildren<QLabel*>())
        sgdLabel = sgdLabel || label->text() == QStringLiteral("SGD momentum (optimizer)");
    QVERIFY(sgdLabel);
}

void TestControlPanel::wheelScrollsThePanelNotASetting() {
    ControlPanel panel;
    panel.resize(300, 300); // shorter than its content: the panel scrolls
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* placement = panel.findChild<QComboBox*>(QStringLiteral("bnPlacement"));
    auto* batch = panel.findChild<QSpinBox*>(QStringLiteral("batchSize"));
    auto* scroll = panel.findChild<QScrollArea*>();
    QVERIFY(placement && batch && scroll);
    QVERIFY(scroll->verticalScrollBar()->maximum() > 0);
    const int index = placement->currentIndex();
    const int size = batch->value();
    auto wheelOver = [](QWidget* w) {
        const QPointF at(w->width() / 2.0, w->height() / 2.0);
        QWheelEvent event(at, w->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(w, &event);
    };
    scroll->verticalScrollBar()->setValue(0);
    scroll->ensureWidgetVisible(placement);
    const int before = scroll->verticalScrollBar()->value();
    wheelOver(placement);
    wheelOver(batch);
    QCOMPARE(placement->currentIndex(), index); // not focused: unchanged
    QCOMPARE(batch->value(), size);
    QVERIFY(scroll->verticalScrollBar()->value() != before); // the panel scrolled instead
    QVERIFY(!placement->hasFocus());                         // and the wheel gave no focus either
    // Focused (clicked or tabbed into), the control takes the wheel as usual.
    batch->setFocus();
    QTRY_VERIFY(batch->hasFocus());
    wheelOver(batch);
    QVERIFY(batch->value() != size);
}

QTEST_MAIN(TestControlPanel)
#include "test_control_panel.moc"
