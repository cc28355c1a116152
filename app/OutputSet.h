#pragma once
// A run's files land as a set: they are written into a temporary folder beside the target
// folder (--out, or the window's export folder), which then replaces it in one atomic step
// (renameat2 with RENAME_EXCHANGE). Whoever looks at the folder sees the earlier files or the
// new set, never a mix; a kill or a failure at any moment leaves one of the two complete (and
// at worst a hidden ".<name>.bnlab-*" folder beside it). The new folder keeps the old one's
// permissions.
//
// Files in the folder that the set does not replace are carried over into the new folder as
// hard links (symbolic links as symbolic links). A headless run replaces every run output
// (trace.csv, eval.csv, train.csv and the figures), so an earlier run's figures in another
// format do not linger; the window's CSV export replaces only the files it writes. A folder
// holding sub-folders is refused before anything is written: it is not a folder for BN Lab's
// files only, and a folder cannot be carried over as a link.
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace bnlab {

class OutputSet {
  public:
    enum class Replaces {
        AllRunFiles, // a headless run: the earlier run's outputs go, whatever their format
        OnlyWritten  // an export of some files: everything else in the folder stays
    };
    // `role` names the folder in messages ("--out", "the export folder").
    explicit OutputSet(QString role = QStringLiteral("--out"),
                       Replaces replaces = Replaces::AllRunFiles);

    // Creates --out if needed and the staging folder beside it. Returns the problem, if any
    // (then nothing was written), naming the folder.
    QString prepare(const QString& outDir);
    // Where the run's files are written until publish().
    QString stagingDirectory() const;
    // Carries the non-run files over and swaps the staging folder into place. Returns the
    // problem, if any; --out then still holds the earlier set.
    QString publish();

    // Is `fileName` one of the names a run writes?
    static bool isRunFile(const QString& fileName);

  private:
    QString role_;
    Replaces replaces_;
    QString outDir_; // canonical path of the target folder
    std::unique_ptr<QTemporaryDir> staging_;
};

// Test hooks, called after each file of a set is written and once more after publishing.
// With BNLAB_TEST_KILL_AFTER_FILES=k the process kills itself (SIGKILL) after the k-th file,
// so a test proves that a kill at every file boundary leaves a complete set. The fault site
// "output-file" (FaultInjection.h) throws std::bad_alloc after the first file instead, for
// in-process tests of a set that fails half-way.
void afterOutputFileWritten();

} // namespace bnlab
