// BN Lab: the window, or with --headless a run that writes figures and CSV files.
#include "CommandLine.h"
#include "Errors.h"
#include "HeadlessRun.h"
#include "Lesson.h"
#include "MainWindow.h"
#include "MemoryBudget.h"
#include "RunFileActions.h"
#include "TextEscape.h"

#include <QApplication>
#include <QFile>
#include <QIcon>
#include <QMessageBox>
#include <QTextStream>
#include <cstdio>

namespace {

QStringList argumentsAfterProgram(int argc, char** argv) {
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

// Without a display Qt aborts in the QApplication constructor; say what to do instead.
bool haveDisplay() {
    return qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
           qEnvironmentVariableIsSet("WAYLAND_DISPLAY");
}

void setUpApplication(QApplication& app) {
    QApplication::setApplicationName(QStringLiteral("BN Lab"));
    QApplication::setOrganizationName(QStringLiteral("BN Lab"));
    QApplication::setApplicationVersion(QStringLiteral(BNLAB_VERSION));
    // Ties the window to the installed desktop entry (taskbar icon, Wayland app id).
    QGuiApplication::setDesktopFileName(QStringLiteral(BNLAB_APP_ID));
    if (QFile::exists(QStringLiteral(":/icons/bnlab.svg")))
        app.setWindowIcon(QIcon(QStringLiteral(":/icons/bnlab.svg")));
}

} // namespace

using namespace bnlab; // MainWindow, findLesson

namespace {
int runApplication(int argc, char** argv) {
    QTextStream out(stdout), err(stderr);
    const QStringList args = argumentsAfterProgram(argc, argv);
    const bnlab::CommandLine line = bnlab::parseCommandLine(args);
    if (!line.error.isEmpty()) {
        err << "bnlab: " << line.error << "\nTry 'bnlab --help' for the options.\n";
        return bnlab::ExitBadInput;
    }
    if (line.help) {
        out << bnlab::commandLineHelp();
        return bnlab::ExitOk;
    }
    bnlab::setMemoryBudget(std::uint64_t(line.memoryBudgetMiB) << 20); // 0: the default
    if (const QString problem = bnlab::applyKernelChoice(line); !problem.isEmpty()) {
        err << "bnlab: " << problem << "\n";
        return bnlab::ExitBadInput;
    }

    if (line.headless) {
        // Figures are drawn by widgets that are never shown: no display needed.
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        setUpApplication(app);
        return bnlab::runHeadless(line.run, out, err);
    }

    if (!haveDisplay()) {
        err << "bnlab: no display found (DISPLAY and WAYLAND_DISPLAY are not set), so the "
               "window cannot open.\n"
               "Run without a window with --headless (see bnlab --help), or set "
               "QT_QPA_PLATFORM.\n";
        return bnlab::ExitBadInput;
    }
    QApplication app(argc, argv);
    setUpApplication(app);
    MainWindow window;
    QString lessonProblem;
    if (!line.lesson.isEmpty()) {
        try {
            window.loadLesson(findLesson(line.lesson));
        } catch (const std::exception& e) {
            // InputError for a bad lesson, ConfigError for values the engine rejects.
            lessonProblem = QString::fromStdString(bnlab::escapeControlCharacters(e.what()));
            err << "bnlab: " << lessonProblem << "\nStarting with the default configuration.\n";
            err.flush();
        }
    }
    if (!line.runFile.isEmpty()) {
        lessonProblem = window.runFiles().openRunFile(line.runFile);
        if (!lessonProblem.isEmpty()) {
            err << "bnlab: " << lessonProblem << '\n';
            err.flush();
        }
    }
    window.setPresentationMode(line.presentation);
    window.show();
    if (!lessonProblem.isEmpty())
        QMessageBox::warning(&window, QStringLiteral("BN Lab"),
                             (line.runFile.isEmpty()
                                  ? QStringLiteral("The lesson could not be loaded:\n\n%1\n\n"
                                                   "BN Lab starts with the default configuration.")
                                  : QStringLiteral("The run could not be opened:\n\n%1"))
                                 .arg(lessonProblem));
    return app.exec();
}
} // namespace

// The last boundary: an exception that got this far (std::bad_alloc above all) becomes a
// message and exit status 2 instead of an abort.
int main(int argc, char** argv) {
    try {
        return runApplication(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fputs("bnlab: out of memory; lower --steps, --hidden, --samples or --precise-bn\n",
                   stderr);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bnlab: internal error: %s\n",
                     bnlab::escapeControlCharacters(e.what()).c_str());
    } catch (...) {
        std::fputs("bnlab: internal error (an unknown exception)\n", stderr);
    }
    return bnlab::ExitBadInput;
}
