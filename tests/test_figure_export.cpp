// Figure export: every format from one plot and from the whole dashboard gives a valid file
// of the requested size; nothing hovered or selected is exported; an unwritable path gives a
// message naming it and leaves no file behind.
#include "Dashboard.h"
#include "FigureExport.h"
#include "FigureRendering.h"
#include "Trainer.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <qcustomplot.h>

using namespace bnlab;

namespace {

History fillDashboard(Dashboard& dashboard) {
    TrainingConfig c;
    c.data.samples = 300;
    c.model.hidden = {8};
    c.batchSize = 16;
    c.evaluateEvery = 10;
    Trainer trainer(c, makeDatasets(c.data, c.seed));
    History history = trainer.emptyHistory();
    for (int i = 0; i < 120; ++i)
        appendTo(history, trainer.step());
    dashboard.resetRun(trainer.info());
    dashboard.historyGrew(history);
    return history;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Pixels that differ between two images of the same size.
int differingPixels(const QImage& a, const QImage& b) {
    int n = 0;
    for (int row = 0; row < a.height(); ++row)
        for (int col = 0; col < a.width(); ++col)
            n += a.pixel(col, row) != b.pixel(col, row);
    return n;
}

} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void eachFormat_data();
    void eachFormat();
    void transparentBackground();
    void captionIsDrawn();
    void hoverIsNotExported();
    void unwritablePathLeavesNoFile_data();
    void unwritablePathLeavesNoFile();
    void suffixes();

  private:
    std::unique_ptr<Dashboard> dashboard_;
    History history_;
    QTemporaryDir dir_;
};

void TestFigureExport::initTestCase() {
    QVERIFY(dir_.isValid());
    dashboard_ = std::make_unique<Dashboard>();
    dashboard_->resize(1100, 700);
    history_ = fillDashboard(*dashboard_);
}

void TestFigureExport::eachFormat_data() {
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("whole");
    QTest::addColumn<double>("scale");
    for (bool whole : {false, true}) {
        const char* what = whole ? "dashboard" : "plot";
        QTest::addRow("%s PNG 1x", what) << int(FigureFormat::Png) << whole << 1.0;
        QTest::addRow("%s PNG 2x", what) << int(FigureFormat::Png) << whole << 2.0;
        QTest::addRow("%s JPG 3x", what) << int(FigureFormat::Jpg) << whole << 3.0;
        QTest::addRow("%s PDF", what) << int(FigureFormat::Pdf) << whole << 1.0;
        QTest::addRow("%s SVG", what) << int(FigureFormat::Svg) << whole << 1.0;
    }
}

void TestFigureExport::eachFormat() {
    QFETCH(int, format);
    QFETCH(bool, whole);
    QFETCH(double, scale);
    FigureOptions options;
    options.format = FigureFormat(format);
    options.size = QSize(640, 400);
    options.scale = scale;
    options.caption = QStringLiteral("moons · batch size 16 · β = 0.99");
    const QString path = dir_.filePath(QStringLiteral("figure-%1-%2-%3.%4")
                                           .arg(whole)
                                           .arg(scale)
                                           .arg(format)
                                           .arg(suffixOf(options.format)));
    const QSize sizeBefore = dashboard_->size();
    const QString problem = whole
                                ? exportWidget(dashboard_.get(), path, options)
                                : exportPlot(dashboard_->plot(PlotId::RunningMean), path, options);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 1000);

    switch (options.format) {
    case FigureFormat::Png:
    case FigureFormat::Jpg: {
        QImage image;
        QVERIFY(image.loadFromData(bytes));
        QCOMPARE(image.size(), (QSizeF(options.size) * scale).toSize());
        // Not a blank page: the plot's lines and text are there.
        const QImage blank(image.size(), image.format());
        QImage white = blank;
        white.fill(Qt::white);
        QVERIFY(differingPixels(image, white) > image.width() * image.height() / 100);
        break;
    }
    case FigureFormat::Pdf:
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.contains("%%EOF"));
        break;
    case FigureFormat::Svg: {
        QXmlStreamReader xml(bytes);
        QString root;
        int elements = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (root.isEmpty())
                    root = xml.name().toString();
                ++elements;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(root, QStringLiteral("svg"));
        QVERIFY(elements > 20);
        QVERIFY(bytes.contains("viewBox=\"0 0 640 400\""));
        break;
    }
    }
    // The dashboard is back to its own size afterwards.
    QCOMPARE(dashboard_->size(), sizeBefore);
}

void TestFigureExport::transparentBackground() {
    FigureOptions options;
    options.size = QSize(400, 300);
    options.transparent = true;
    const QImage transparent = renderPlotImage(dashboard_->plot(PlotId::Error), options);
    QCOMPARE(qAlpha(transparent.pixel(1, 1)), 0);
    options.transparent = false;
    const QImage white = renderPlotImage(dashboard_->plot(PlotId::Error), options);
    QCOMPARE(white.pixel(1, 1), qRgb(255, 255, 255));
}

void TestFigureExport::captionIsDrawn() {
    FigureOptions options;
    options.size = QSize(500, 300);
    const QImage plain = renderPlotImage(dashboard_->plot(PlotId::Accuracy), options);
    options.caption = QStringLiteral("digits · batch size 8 · PyTorch α = 0.1 · seed 7");
    const QImage captioned = renderPlotImage(dashboard_->plot(PlotId::Accuracy), options);
    QCOMPARE(captioned.size(), plain.size()); // the caption takes room inside the figure
    // The bottom strip holds text now.
    const QImage bottom = captioned.copy(0, 270, 500, 30);
    QImage white(bottom.size(), bottom.format());
    white.fill(Qt::white);
    QVERIFY(differingPixels(bottom, white) > 50);
}

void TestFigureExport::hoverIsNotExported() {
    Dashboard dashboard;
    fillDashboard(dashboard);
    dashboard.resize(1200, 800);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QCustomPlot* plot = dashboard.plot(PlotId::RunningMean);
    plot->replot();
    FigureOptions options;
    options.size = QSize(600, 400);
    const QImage before = renderPlotImage(plot, options);

    // Hover over the middle of the axes: the cursor and read-out appear on screen …
    const QPoint middle = plot->axisRect()->rect().center();
    QMouseEvent move(QEvent::MouseMove, middle, plot->mapToGlobal(middle), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(plot, &move);
    QVERIFY(plot->layer(QStringLiteral("hover"))->children().size() > 0);
    bool anyVisible = false;
    for (QCPLayerable* item : plot->layer(QStringLiteral("hover"))->children())
        anyVisible |= item->visible();
    QVERIFY(anyVisible);
    // … but not in the figure.
    const QImage during = renderPlotImage(plot, options);
    QCOMPARE(differingPixels(before, during), 0);
}

void TestFigureExport::unwritablePathLeavesNoFile_data() {
    QTest::addColumn<QString>("path");
    QTest::newRow("no such directory in /proc") << QStringLiteral("/proc/forbidden/x.png");
    QTest::newRow("parent is a file") << QStringLiteral("%1/plain-file/x.png");
    QTest::newRow("SVG inside /proc") << QStringLiteral("/proc/forbidden/x.svg");
}

void TestFigureExport::unwritablePathLeavesNoFile() {
    QFETCH(QString, path);
    if (path.contains(QStringLiteral("%1"))) {
        QFile file(dir_.filePath(QStringLiteral("plain-file")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        path = path.arg(dir_.path());
    }
    FigureOptions options;
    options.format = figureFormatFromSuffix(QFileInfo(path).suffix());
    options.size = QSize(300, 200);
    const QString plotProblem = exportPlot(dashboard_->plot(PlotId::RunningMean), path, options);
    QVERIFY(plotProblem.contains(path));
    QVERIFY(plotProblem.startsWith(QStringLiteral("cannot write")));
    QVERIFY(!QFile::exists(path));
    const QString widgetProblem = exportWidget(dashboard_.get(), path, options);
    QVERIFY(widgetProblem.contains(path));
    QVERIFY(!QFile::exists(path));
    // No temporary left in a directory we could write to.
    if (path.startsWith(dir_.path()))
        QCOMPARE(QDir(dir_.path())
                     .entryList(QDir::Files | QDir::Hidden)
                     .filter(QStringLiteral("x."))
                     .size(),
                 0);
}

void TestFigureExport::suffixes() {
    for (FigureFormat f :
         {FigureFormat::Png, FigureFormat::Jpg, FigureFormat::Pdf, FigureFormat::Svg}) {
        bool ok = false;
        QCOMPARE(figureFormatFromSuffix(suffixOf(f), &ok), f);
        QVERIFY(ok);
    }
    bool ok = true;
    figureFormatFromSuffix(QStringLiteral("bmp"), &ok);
    QVERIFY(!ok);
    QCOMPARE(figureFormatFromSuffix(QStringLiteral("JPEG")), FigureFormat::Jpg);
}

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
