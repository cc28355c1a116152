#include "LessonText.h"

#include "MomentumScale.h"

#include <QRegularExpression>
#include <optional>

namespace bnlab {

namespace {

namespace ms = momentum_scale;

// A placeholder's body, normalized: "beta" → "β", "1/(1-β)" → "1/(1−β)", no spaces.
QString normalized(QString body) {
    body.remove(QLatin1Char(' '));
    body.replace(QStringLiteral("beta"), QStringLiteral("β"));
    body.replace(QStringLiteral("1/(1-β)"), QStringLiteral("1/(1−β)"));
    return body;
}

// What one placeholder renders to in `convention`, or nothing if it is not one we know.
// `problem` (if given) receives why not.
std::optional<QString> resolve(const QString& rawBody, Convention convention,
                               QString* problem = nullptr) {
    const bool pytorch = convention == Convention::PyTorch;
    const QString body = normalized(rawBody);
    if (body == QStringLiteral("β"))
        return pytorch ? QStringLiteral("α") : QStringLiteral("β");
    if (body == QStringLiteral("1/(1−β)"))
        return pytorch ? QStringLiteral("1/α") : QStringLiteral("1/(1−β)");
    if (body.startsWith(QStringLiteral("β="))) {
        bool ok = false;
        const QString number = body.mid(2);
        const double beta = number.toDouble(&ok);
        if (!ok || number.isEmpty()) {
            if (problem)
                *problem = QStringLiteral("\"%1\" is not a number").arg(body.mid(2));
            return std::nullopt;
        }
        if (!(beta >= 0.0 && beta <= 1.0)) {
            if (problem)
                *problem = QStringLiteral("the momentum %1 is outside [0, 1]").arg(number);
            return std::nullopt;
        }
        return ms::symbolAndValue(convention, ms::momentumFromDecay(convention, beta));
    }
    if (problem)
        *problem = QStringLiteral("unknown placeholder (known: {β=0.99}, {β}, {1/(1−β)})");
    return std::nullopt;
}

const QRegularExpression& placeholderPattern() {
    static const QRegularExpression pattern(QStringLiteral("\\{([^{}]*)\\}"));
    return pattern;
}

} // namespace

QString lessonTextProblem(const QString& text) {
    for (auto it = placeholderPattern().globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        QString why;
        if (!resolve(match.captured(1), Convention::Keras, &why))
            return QStringLiteral("%1: %2").arg(match.captured(0), why);
    }
    // A brace that opens no placeholder (or closes none) is a typo, not text.
    QString rest = text;
    rest.remove(placeholderPattern());
    if (const qsizetype at = rest.indexOf(QRegularExpression(QStringLiteral("[{}]"))); at >= 0)
        return QStringLiteral("a lone \"%1\" (a placeholder is {β=0.99}; write &#123; for a "
                              "literal brace)")
            .arg(rest.at(at));
    return {};
}

QString renderLessonText(const QString& text, Convention convention) {
    QString out;
    out.reserve(text.size());
    qsizetype done = 0;
    for (auto it = placeholderPattern().globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        out += QStringView(text).mid(done, match.capturedStart() - done);
        out += resolve(match.captured(1), convention).value_or(match.captured(0));
        done = match.capturedEnd();
    }
    out += QStringView(text).mid(done);
    return out;
}

} // namespace bnlab
