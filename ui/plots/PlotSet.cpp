#include "PlotSet.h"

namespace bnlab {

void PlotSet::create(QWidget* parent) {
    const char* names[] = {"runningMeanPlot", "runningVariancePlot", "errorPlot", "accuracyPlot"};
    for (int i = 0; i < PlotCount; ++i)
        frames_[std::size_t(i)] = std::make_unique<PlotFrame>(parent, QLatin1String(names[i]));
}

int PlotSet::indexOf(const QObject* object) const {
    for (int i = 0; i < PlotCount; ++i)
        if (plot(i) == object)
            return i;
    return -1;
}

} // namespace bnlab
