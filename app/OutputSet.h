#pragma once
// A headless run's files land as a set: they are written into a temporary folder beside --out,
// which then replaces --out in one atomic step (renameat2 with RENAME_EXCHANGE). Whoever looks
// at --out sees the earlier run's files or this run's, never a mix; a kill at any moment leaves
// one of the two complete (and at worst a hidden ".<name>.bnlab-*" folder beside it).
//
// Files in --out that are not run outputs (anything but trace.csv, eval.csv, train.csv and the
// figures) are carried over into the new folder as hard links; the earlier run's outputs are
// not. A --out holding sub-folders is refused before training: it is not a run's folder.
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace bnlab {

class OutputSet {
  public:
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
    QString outDir_; // canonical path of --out
    std::unique_ptr<QTemporaryDir> staging_;
};

// Test hook: with BNLAB_TEST_KILL_AFTER_FILES=k, the process kills itself (SIGKILL) after the
// k-th output file of a headless run, counting the publishing step as one more. Lets a test
// prove that a kill at every file boundary leaves a complete set.
void afterOutputFileWritten();

} // namespace bnlab
