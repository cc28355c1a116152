#include "MomentumScale.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace bnlab::momentum_scale {

namespace {
constexpr int Decades = 4; // 1 − β from 1 down to 10⁻⁴
// Mantissas of 1 − β within a decade, largest first (β grows along the slider).
constexpr std::array<double, 12> Mantissas{9, 8, 7, 6, 5, 4, 3, 2.5, 2, 1.5, 1.2, 1};

// The double a decimal prints as: 1 − 0.01 becomes exactly the literal 0.99, so a slider
// value equals the bank's EstimatorSpec::keras(0.99).
double decimal(double v) {
    return QString::number(v, 'g', 12).toDouble();
}

// 1 − β at a position; position 0 is 1 − β = 1 (β = 0).
double forgetAt(int position) {
    if (position <= 0)
        return 1.0;
    const int k = position - 1;
    const int decade = k / int(Mantissas.size()) + 1;
    const double mantissa = Mantissas[std::size_t(k % int(Mantissas.size()))];
    return decimal(mantissa * std::pow(10.0, -decade));
}
} // namespace

int positionCount() {
    return 1 + Decades * int(Mantissas.size());
}

double decayAt(int position) {
    position = std::clamp(position, 0, positionCount() - 1);
    return decimal(1.0 - forgetAt(position));
}

int positionOfDecay(double beta) {
    const double forget = std::clamp(1.0 - beta, 1e-12, 1.0);
    int best = 0;
    double bestDistance = 1e300;
    for (int p = 0; p < positionCount(); ++p) {
        const double distance = std::abs(std::log10(forgetAt(p)) - std::log10(forget));
        if (distance < bestDistance) {
            bestDistance = distance;
            best = p;
        }
    }
    return best;
}

double momentumFromDecay(Convention convention, double beta) {
    return decimal(convention == Convention::PyTorch ? 1.0 - beta : beta);
}

double decayFromMomentum(Convention convention, double momentum) {
    return convention == Convention::PyTorch ? 1.0 - momentum : momentum;
}

double convert(double momentum, Convention from, Convention to) {
    return from == to ? momentum : momentumFromDecay(to, decayFromMomentum(from, momentum));
}

QString formatMomentum(double value) {
    QString s = QString::number(value, 'f', 6);
    while (s.contains('.') && (s.endsWith('0') || s.endsWith('.')))
        s.chop(1);
    return s;
}

QString bothConventions(double beta) {
    return QStringLiteral("Keras β = %1 ⇔ PyTorch α = %2")
        .arg(formatMomentum(momentumFromDecay(Convention::Keras, beta)),
             formatMomentum(momentumFromDecay(Convention::PyTorch, beta)));
}

QString windowPhrase(double beta) {
    const QString steps = windowSteps(beta);
    if (steps.startsWith(QStringLiteral("≈")))
        return QStringLiteral("window %1 steps").arg(steps);
    if (steps == QStringLiteral("∞"))
        return QStringLiteral("window ∞ (never forgets)");
    return QStringLiteral("window = %1 %2")
        .arg(steps,
             steps == QStringLiteral("1") ? QStringLiteral("step") : QStringLiteral("steps"));
}

QString windowSteps(double beta) {
    const double forget = 1.0 - beta;
    if (forget <= 0)
        return QStringLiteral("∞");
    const double window = 1.0 / forget;
    const double rounded = std::round(window);
    if (std::abs(window - rounded) < 1e-6 * window)
        return QString::number(qint64(rounded));
    return QStringLiteral("≈ %1").arg(qint64(rounded));
}

QString symbolAndValue(Convention convention, double momentum) {
    return (convention == Convention::PyTorch ? QStringLiteral("α = ") : QStringLiteral("β = ")) +
           formatMomentum(momentum);
}

QString conventionName(Convention convention) {
    return convention == Convention::PyTorch ? QStringLiteral("PyTorch α")
                                             : QStringLiteral("Keras β");
}

} // namespace bnlab::momentum_scale
