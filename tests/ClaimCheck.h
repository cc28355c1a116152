#pragma once
// The verdict on one lesson sentence: every comparison behind it, with the measured value, the
// limit and the margin, so a failure (or a passing run's log) says how close the claim is.
#include <QString>
#include <QStringList>
#include <cmath>

namespace bnlab::measures {

class Check {
  public:
    // value ≤ limit
    Check& atMost(const QString& what, double value, double limit) {
        record(what, value, limit, value <= limit, QStringLiteral("≤"), limit - value);
        return *this;
    }
    // value ≥ limit
    Check& atLeast(const QString& what, double value, double limit) {
        record(what, value, limit, value >= limit, QStringLiteral("≥"), value - limit);
        return *this;
    }
    // lower ≤ value ≤ upper
    Check& between(const QString& what, double value, double lower, double upper) {
        const bool ok = value >= lower && value <= upper;
        holds_ = holds_ && ok;
        parts_ << QStringLiteral("%1 = %2 in [%3, %4] (margin %5)%6")
                      .arg(what, number(value), number(lower), number(upper),
                           number(std::min(value - lower, upper - value)),
                           ok ? QString() : QStringLiteral("  <-- FAILS"));
        return *this;
    }
    Check& is(const QString& what, bool ok) {
        holds_ = holds_ && ok;
        parts_ << what + (ok ? QString() : QStringLiteral("  <-- FAILS"));
        return *this;
    }

    bool holds() const { return holds_; }
    QString report() const { return parts_.join(QStringLiteral("\n        ")); }

  private:
    static QString number(double v) { return QString::number(v, 'g', 4); }
    void record(const QString& what, double value, double limit, bool ok, const QString& op,
                double margin) {
        holds_ = holds_ && ok;
        QString factor;
        if (value > 0 && limit > 0)
            factor = QStringLiteral(", ×%1").arg(
                number(std::max(value, limit) / std::min(value, limit)));
        parts_ << QStringLiteral("%1 = %2 %3 %4 (margin %5%6)%7")
                      .arg(what, number(value), op, number(limit), number(margin), factor,
                           ok ? QString() : QStringLiteral("  <-- FAILS"));
    }

    bool holds_ = true;
    QStringList parts_;
};

} // namespace bnlab::measures
