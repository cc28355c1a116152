#include "FigureCaption.h"

#include "MomentumScale.h"

#include <QRegularExpression>
#include <QStringList>

namespace bnlab {

namespace ms = momentum_scale;

QString figureCaption(const TrainingConfig& config, const RunInfo& info, const ViewSettings& view,
                      long steps) {
    QStringList compared;
    for (double m : view.comparedMomenta)
        compared << ms::formatMomentum(m);
    const QString symbol =
        view.convention == Convention::PyTorch ? QStringLiteral("α") : QStringLiteral("β");
    QStringList parts;
    parts << (info.dataset.empty() ? QStringLiteral("dataset ?")
                                   : QString::fromStdString(info.dataset));
    parts << QStringLiteral("batch size %1").arg(config.batchSize);
    QString momenta = QStringLiteral("BN momentum: slider %1")
                          .arg(ms::symbolAndValue(view.convention, view.sliderMomentum));
    if (!compared.isEmpty())
        momenta +=
            QStringLiteral(", compared %1 = %2").arg(symbol, compared.join(QStringLiteral(", ")));
    parts << momenta;
    parts << QStringLiteral("%1 convention, %2 variance")
                 .arg(view.convention == Convention::PyTorch ? QStringLiteral("PyTorch")
                                                             : QStringLiteral("Keras"),
                      view.unbiasedVariance ? QStringLiteral("unbiased")
                                            : QStringLiteral("biased"));
    parts << QStringLiteral("%1 steps").arg(steps);
    parts << QStringLiteral("seed %1").arg(config.seed);
    return parts.join(QStringLiteral("  ·  "));
}

QString momentumFileTag(const ViewSettings& view) {
    return (view.convention == Convention::PyTorch ? QStringLiteral("alpha")
                                                   : QStringLiteral("beta")) +
           ms::formatMomentum(view.sliderMomentum);
}

QString fileSafe(const QString& text) {
    QString s = text.trimmed().toLower();
    // "7. Learning-rate decay: …" → "7-learning-rate-decay-…": a clean name, no "7.-".
    s.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]+")), QStringLiteral("-"));
    s.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return s.isEmpty() ? QStringLiteral("bnlab") : s;
}

} // namespace bnlab
