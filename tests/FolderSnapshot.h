#pragma once
// Name → SHA-256 of every file in a folder, hidden ones included: what the output-set tests
// compare before and after a run or an export that must leave a folder as it was.
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMap>

inline QMap<QString, QByteArray> folderSnapshot(const QString& dir) {
    QMap<QString, QByteArray> files;
    const QDir d(dir);
    for (const QString& name : d.entryList(QDir::Files | QDir::Hidden)) {
        QFile f(d.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            files[name] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    return files;
}
