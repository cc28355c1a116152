#include "OutputSet.h"

#include "FaultInjection.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace bnlab {

namespace {

const QStringList CsvNames{"trace.csv", "eval.csv", "train.csv"};
const QStringList FigureNames{"mean", "variance", "error", "accuracy", "dashboard"};
const QStringList FigureSuffixes{"png", "jpg", "pdf", "svg"};

QString systemError(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

OutputSet::OutputSet(QString role, Replaces replaces)
    : role_(std::move(role)), replaces_(replaces) {}

bool OutputSet::isRunFile(const QString& fileName) {
    if (CsvNames.contains(fileName))
        return true;
    const QFileInfo info(fileName);
    return FigureNames.contains(info.completeBaseName()) && FigureSuffixes.contains(info.suffix());
}

QString OutputSet::prepare(const QString& outDir) {
    const QString shown = QDir::toNativeSeparators(outDir);
    QFileInfo info(outDir);
    if (info.exists() && !info.isDir())
        return QStringLiteral("cannot write to %1: it is a file, not a directory").arg(shown);
    if (!info.exists()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(outDir.toStdString()), ec);
        if (ec)
            return QStringLiteral("cannot write to %1: %2")
                .arg(shown, QString::fromLocal8Bit(ec.message()));
    }
    outDir_ = QFileInfo(outDir).canonicalFilePath(); // a symbolic link: its target is replaced
    const QDir out(outDir_);
    for (const QFileInfo& entry :
         out.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
        if (entry.isDir() && !entry.isSymLink())
            return QStringLiteral("cannot write to %1: it holds the folder %2; %3 must be a "
                                  "folder for BN Lab's files only (they replace it as a set)")
                .arg(shown, entry.fileName(), role_);
    QDir parent(outDir_);
    if (!parent.cdUp() || outDir_ == parent.absolutePath())
        return QStringLiteral("cannot write to %1: the run's files are written beside it first, "
                              "and it has no parent folder")
            .arg(shown);
    staging_ = std::make_unique<QTemporaryDir>(
        parent.filePath(QStringLiteral(".%1.bnlab-XXXXXX").arg(QFileInfo(outDir_).fileName())));
    if (!staging_->isValid())
        return QStringLiteral("cannot write to %1: no temporary folder beside it (%2)")
            .arg(shown, staging_->errorString());
    // QTemporaryDir makes a private folder; the one that replaces the target keeps its mode.
    struct stat target {};
    const QByteArray stagingPath = QFile::encodeName(staging_->path());
    if (::stat(QFile::encodeName(outDir_).constData(), &target) != 0 ||
        ::chmod(stagingPath.constData(), target.st_mode & 07777) != 0)
        return QStringLiteral("cannot write to %1: %2").arg(shown, systemError(errno));
    return {};
}

QString OutputSet::stagingDirectory() const {
    return staging_ ? staging_->path() : QString();
}

QString OutputSet::publish() {
    const QString shown = QDir::toNativeSeparators(outDir_);
    const QDir out(outDir_), staging(staging_->path());
    for (const QFileInfo& entry :
         out.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        if ((replaces_ == Replaces::AllRunFiles && isRunFile(entry.fileName())) ||
            staging.exists(entry.fileName()))
            continue;
        const QByteArray from = QFile::encodeName(entry.absoluteFilePath());
        const QByteArray to = QFile::encodeName(staging.filePath(entry.fileName()));
        const bool kept = entry.isSymLink() ? QFile::link(entry.symLinkTarget(),
                                                          staging.filePath(entry.fileName()))
                                            : ::link(from.constData(), to.constData()) == 0;
        if (!kept)
            return QStringLiteral("cannot replace the files in %1: %2 could not be carried over "
                                  "(%3); the earlier files are unchanged")
                .arg(shown, entry.fileName(), systemError(errno));
    }
    const QByteArray a = QFile::encodeName(staging_->path()), b = QFile::encodeName(outDir_);
    if (::renameat2(AT_FDCWD, a.constData(), AT_FDCWD, b.constData(), RENAME_EXCHANGE) != 0) {
        const QString reason = systemError(errno);
        staging_->setAutoRemove(false); // keep the new files where the message says they are
        return QStringLiteral("cannot replace the files in %1 (%2); the earlier files are "
                              "unchanged and the new ones are in %3")
            .arg(shown, reason, QDir::toNativeSeparators(staging_->path()));
    }
    afterOutputFileWritten();
    // The staging path now holds the earlier folder; QTemporaryDir removes it.
    staging_.reset();
    return {};
}

void afterOutputFileWritten() {
    static const int killAfter = qEnvironmentVariableIntValue("BNLAB_TEST_KILL_AFTER_FILES");
    static int written = 0;
    if (killAfter > 0 && ++written == killAfter) {
        std::fflush(nullptr);
        std::raise(SIGKILL);
    }
    injectFaultAt("output-file");
}

} // namespace bnlab
