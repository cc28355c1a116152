#pragma once
// Shared by the files that implement DashboardCurves: the series keys of the slider's curves
// and the translation of series names.
#include <QObject>
#include <QString>

namespace bnlab::curve_keys {

inline const QString SliderKey = QStringLiteral("slider");
inline const QString TwinKey = QStringLiteral("debiased");

inline QString tr(const char* text) {
    return QObject::tr(text);
}

} // namespace bnlab::curve_keys
