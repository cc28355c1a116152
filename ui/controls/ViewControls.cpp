#include "ViewControls.h"

#include "ControlForm.h"
#include "ControlPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <algorithm>

namespace bnlab {

namespace {

QString tr(const char* text) {
    return ControlPanel::tr(text);
}

QString momentumSymbol(Convention c) {
    return c == Convention::PyTorch ? QStringLiteral("α, PyTorch") : QStringLiteral("β, Keras");
}

QString formatMomenta(const std::vector<double>& momenta) {
    QStringList parts;
    for (double m : momenta)
        parts << QString::number(m, 'g', 6);
    return parts.join(QStringLiteral(", "));
}

// "0.5, 0.9" → {0.5, 0.9}. *ok is false for an empty list or any entry outside [0, 1].
std::vector<double> parseMomenta(const QString& text, bool* ok) {
    std::vector<double> out;
    *ok = true;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool number = false;
        const double m = part.trimmed().toDouble(&number);
        if (!number || !(m >= 0.0 && m <= 1.0)) {
            *ok = false;
            return {};
        }
        out.push_back(m);
    }
    *ok = !out.empty();
    return out;
}

} // namespace

void ViewControls::build(ControlForm& c, QObject* context, const std::function<void()>& edited,
                         const std::function<void()>& layerChosen) {
    QFormLayout* form = c.section(tr("View — instant, never restarts"),
                                  tr("What the plots show; changing it replays the record and "
                                     "never restarts training."));

    comparedMomenta_ =
        c.addRow(form, new QLineEdit, "comparedMomenta",
                 tr("BN momenta drawn side by side, comma-separated, in the slider's convention."));
    comparedMomenta_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("^[0-9.,\\s]*$")), comparedMomenta_));
    comparedLabel_ = qobject_cast<QLabel*>(c.label(QStringLiteral("comparedMomenta")));
    comparedProblem_ =
        new QLabel(tr("Give one or more BN momenta between 0 and 1, separated by commas."));
    comparedProblem_->setObjectName(QStringLiteral("comparedMomentaProblem"));
    comparedProblem_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    comparedProblem_->setWordWrap(true);
    comparedProblem_->hide();
    form->addRow(comparedProblem_);
    QObject::connect(comparedMomenta_, &QLineEdit::editingFinished, context, edited);

    auto check = [&](const char* name, const QString& text, const QString& tip) {
        auto* box = c.addRow(form, new QCheckBox(text), name, tip, false);
        QObject::connect(box, &QCheckBox::toggled, context, edited);
        return box;
    };
    showEma_ = check("showEma", tr("EMA per BN momentum"),
                     tr("Draws the exponential moving average for every compared BN momentum."));
    showDebiasedEma_ = check(
        "showDebiasedEma", tr("Debiased EMA"),
        tr("Draws the EMA with Adam's start-up correction: it starts from 0 and is divided by "
           "1 − βᵗ, which removes the pull of the start value."));
    showCumulative_ = check("showCumulative", tr("Cumulative average"),
                            tr("Draws the plain average of every batch so far, all batches "
                               "weighing the same (PyTorch momentum=None)."));
    showPreciseBn_ = check("showPreciseBn", tr("PreciseBN markers"),
                           tr("Marks the paper's after-the-fact estimate, recomputed from many "
                              "batches with the weights frozen at that step."));
    unbiasedVariance_ =
        check("unbiasedVariance", tr("Unbiased batch variance"),
              tr("Draws batch variances with the m/(m − 1) correction, m/(m − 1)·σ², "
                 "instead of the plain σ²."));

    bnLayer_ = c.addRow(form, new QComboBox, "bnLayer",
                        tr("The BatchNorm layer whose statistics the plots show."));
    bnFeature_ = c.addRow(form, ControlForm::intSpin(0, 0), "bnFeature",
                          tr("The feature (channel) of that layer the plots show."));
    bnFeature_->setKeyboardTracking(true);
    QObject::connect(bnLayer_, &QComboBox::currentIndexChanged, context, layerChosen);
    QObject::connect(bnFeature_, &QSpinBox::valueChanged, context, edited);
}

void ViewControls::show(const ViewSettings& view, const RunInfo& info) {
    comparedLabel_->setText(tr("BN momenta (%1)").arg(momentumSymbol(view.convention)));
    comparedMomenta_->setText(formatMomenta(view.comparedMomenta));
    comparedProblem_->hide();
    showEma_->setChecked(view.showEma);
    showDebiasedEma_->setChecked(view.showDebiasedEma);
    showCumulative_->setChecked(view.showCumulative);
    showPreciseBn_->setChecked(view.showPreciseBn);
    unbiasedVariance_->setChecked(view.unbiasedVariance);
    if (view.layer < bnLayer_->count())
        bnLayer_->setCurrentIndex(view.layer);
    fillFeatureRange(info, view);
    bnFeature_->setValue(view.feature);
}

ViewSettings ViewControls::read(const ViewSettings& view) const {
    ViewSettings next = view;
    bool ok = false;
    const std::vector<double> momenta = parseMomenta(comparedMomenta_->text(), &ok);
    comparedProblem_->setVisible(!ok);
    if (ok)
        next.comparedMomenta = momenta;
    next.showEma = showEma_->isChecked();
    next.showDebiasedEma = showDebiasedEma_->isChecked();
    next.showCumulative = showCumulative_->isChecked();
    next.showPreciseBn = showPreciseBn_->isChecked();
    next.unbiasedVariance = unbiasedVariance_->isChecked();
    if (bnLayer_->count() > 0) {
        next.layer = bnLayer_->currentIndex();
        next.feature = bnFeature_->value();
    }
    return next;
}

void ViewControls::fillFeatureRange(const RunInfo& info, const ViewSettings& view) {
    const int layer = bnLayer_->currentIndex();
    const bool known = layer >= 0 && std::size_t(layer) < info.bnFeatures.size();
    const QSignalBlocker block(bnFeature_);
    bnFeature_->setRange(
        0, known ? int(std::max<Eigen::Index>(1, info.bnFeatures[std::size_t(layer)])) - 1
                 : std::max(0, view.feature));
    bnFeature_->setEnabled(known);
    if (known)
        bnFeature_->setSuffix(
            tr("  (of 0–%1)")
                .arg(std::max<Eigen::Index>(1, info.bnFeatures[std::size_t(layer)]) - 1));
    else
        bnFeature_->setSuffix({});
}

void ViewControls::showLayers(const RunInfo& info, const ViewSettings& view) {
    {
        const QSignalBlocker block(bnLayer_);
        bnLayer_->clear();
        for (const std::string& name : info.bnLayerNames)
            bnLayer_->addItem(QString::fromStdString(name));
        bnLayer_->setEnabled(bnLayer_->count() > 0);
        bnLayer_->setPlaceholderText(tr("no BN layer"));
        if (bnLayer_->count() > 0)
            bnLayer_->setCurrentIndex(std::min(view.layer, bnLayer_->count() - 1));
    }
    fillFeatureRange(info, view);
    bnFeature_->setValue(view.feature); // clamped to the layer's features
}

bool ViewControls::hasLayers() const {
    return bnLayer_->count() > 0;
}

void ViewControls::hideMomentaProblem() {
    comparedProblem_->hide();
}

} // namespace bnlab
