// Build-time tool: writes bnlab(1) from the command line's own option table.
//   bnlab_manpage OUTPUT VERSION DATE
#include "ManPage.h"

#include <QCoreApplication>
#include <QSaveFile>
#include <cstdio>

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: bnlab_manpage OUTPUT VERSION DATE\n");
        return 2;
    }
    QSaveFile file(args.at(1));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(bnlab::commandLineManPage(args.at(2), args.at(3)).toUtf8()) < 0 ||
        !file.commit()) {
        std::fprintf(stderr, "bnlab_manpage: cannot write %s: %s\n", qPrintable(args.at(1)),
                     qPrintable(file.errorString()));
        return 1;
    }
    return 0;
}
