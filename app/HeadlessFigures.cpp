#include "HeadlessFigures.h"

#include "CommandLine.h"
#include "Dashboard.h"
#include "OutputSet.h"

#include <QCoreApplication>
#include <QDir>

namespace bnlab {

namespace {
const QSize PlotSize{1600, 900};
const QSize DashboardSize{1920, 1200};

struct NamedPlot {
    const char* file;
    PlotId id;
};
constexpr NamedPlot Plots[] = {
    {"mean", PlotId::RunningMean},
    {"variance", PlotId::RunningVariance},
    {"error", PlotId::Error},
    {"accuracy", PlotId::Accuracy},
};
} // namespace

QString writeFigures(const RunInfo& info, const History& history, const ViewSettings& view,
                     const std::vector<EstimatorSpec>& bank,
                     const std::vector<ReevaluatedPoint>& sliderAccuracy,
                     const FigureRequest& request, QStringList& written) {
    // Never shown: the export lays the widget out at the figure's size itself.
    Dashboard dashboard;
    dashboard.resize(DashboardSize);
    // Laid out as if shown, before anything is drawn: styles that depend on how many pixels a
    // plot has (the spacing of the PreciseBN markers) must see the real plot widths, not the
    // few pixels of a widget that was never laid out.
    dashboard.setAttribute(Qt::WA_DontShowOnScreen);
    dashboard.show();
    dashboard.setFollowLatest(true);
    dashboard.resetRun(info);
    dashboard.setEstimatorBank(bank);
    dashboard.historyGrew(history);
    dashboard.setViewSettings(view, history);
    if (!dashboard.sliderAccuracyFromBank())
        dashboard.addSliderAccuracy(sliderAccuracy);
    dashboard.resetView();
    dashboard.waitForBackgroundWork(); // the error curves
    QCoreApplication::processEvents(); // the queued replot

    const QDir dir(request.directory);
    for (FigureFormat format : request.formats) {
        FigureOptions options;
        options.format = format;
        options.scale = request.scale;
        options.caption = request.caption;
        const QString suffix = figureSuffix(format);

        options.size = PlotSize;
        for (const NamedPlot& plot : Plots) {
            const QString name = QStringLiteral("%1.%2").arg(QLatin1String(plot.file), suffix);
            if (QString error = exportPlot(dashboard.plot(plot.id), dir.filePath(name), options);
                !error.isEmpty())
                return error;
            written << name;
            afterOutputFileWritten();
        }
        options.size = DashboardSize;
        const QString name = QStringLiteral("dashboard.%1").arg(suffix);
        if (QString error = exportWidget(&dashboard, dir.filePath(name), options); !error.isEmpty())
            return error;
        written << name;
        afterOutputFileWritten();
    }
    return {};
}

} // namespace bnlab
