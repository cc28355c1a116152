#pragma once
// Before data or a figure is exported into a folder: a system folder (/, /usr, …) or files
// that would be overwritten need a second look from the user.
#include <QString>
#include <QStringList>

class QWidget;

namespace bnlab {

// What is worrying about writing `fileNames` into `folder`, for the user; empty if nothing is.
QString exportTargetConcern(const QString& folder, const QStringList& fileNames);

// Asks the user (Yes/No, No by default) if there is a concern; true if the export may go on.
// `title` is the question's window title ("Export data", "Export figure").
bool confirmExportTarget(QWidget* parent, const QString& folder, const QStringList& fileNames,
                         const QString& title = QString());

} // namespace bnlab
