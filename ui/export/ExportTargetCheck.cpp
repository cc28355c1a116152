#include "ExportTargetCheck.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>

namespace bnlab {

namespace {

// Folders that belong to the operating system. Their sub-folders count too, except the
// places meant for users' files (/tmp, /var/tmp, /home, /media, /mnt, /srv).
const QStringList SystemFolders{"/bin",   "/boot",   "/dev", "/etc",  "/lib",  "/lib32",
                                "/lib64", "/libx32", "/opt", "/proc", "/root", "/run",
                                "/sbin",  "/sys",    "/usr", "/var"};
const QStringList UserPlaces{"/var/tmp"};

bool isSystemFolder(const QString& folder) {
    const QString path = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const QString& p : {path, canonical.isEmpty() ? path : canonical}) {
        if (p == QLatin1String("/"))
            return true;
        for (const QString& user : UserPlaces)
            if (p == user || p.startsWith(user + '/'))
                return false;
        for (const QString& system : SystemFolders)
            if (p == system || p.startsWith(system + '/'))
                return true;
    }
    return false;
}

} // namespace

QString exportTargetConcern(const QString& folder, const QStringList& fileNames) {
    QStringList concerns;
    if (isSystemFolder(folder))
        concerns << QObject::tr("%1 is a system folder.").arg(QDir::toNativeSeparators(folder));
    QStringList existing;
    const QDir dir(folder);
    for (const QString& name : fileNames)
        if (QFileInfo::exists(dir.filePath(name)))
            existing << name;
    if (!existing.isEmpty())
        concerns << QObject::tr("These files already exist there and would be replaced: %1.")
                        .arg(existing.join(QStringLiteral(", ")));
    return concerns.join(' ');
}

bool confirmExportTarget(QWidget* parent, const QString& folder, const QStringList& fileNames,
                         const QString& title) {
    const QString concern = exportTargetConcern(folder, fileNames);
    if (concern.isEmpty())
        return true;
    return QMessageBox::question(parent, title.isEmpty() ? QObject::tr("Export data") : title,
                                 concern + "\n\n" + QObject::tr("Write the files anyway?"),
                                 QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

} // namespace bnlab
