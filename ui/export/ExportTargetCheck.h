#pragma once
// Before data is exported into a folder: a system folder (/, /usr, …) or files that would be
// overwritten need a second look from the user.
#include <QString>
#include <QStringList>

class QWidget;

namespace bnlab {

// What is worrying about writing `fileNames` into `folder`, for the user; empty if nothing is.
QString exportTargetConcern(const QString& folder, const QStringList& fileNames);

// Asks the user (Yes/No, No by default) if there is a concern; true if the export may go on.
bool confirmExportTarget(QWidget* parent, const QString& folder, const QStringList& fileNames);

} // namespace bnlab
