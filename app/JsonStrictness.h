#pragma once
// What QJsonDocument lets through but a strict lesson reader must not: a key given twice in one
// object (QJsonDocument keeps the last silently) and numbers outside JSON's grammar ("1.",
// ".5", "01", "+1"). Run on text QJsonDocument has already accepted.
#include <QByteArray>
#include <QString>

namespace bnlab {

// Throws InputError "<file>: <field>: <problem> (line L, column C)".
void requireStrictJson(const QByteArray& json, const QString& displayName);

} // namespace bnlab
