#pragma once
// A lesson: a configuration, a view, a short explanation for students, and which controls
// the teacher hides. One JSON file each (resources/lessons/*.json, bundled; or any file).
#include "Config.h"
#include "LessonText.h"
#include "ViewSettings.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace bnlab {

struct Lesson {
    QString id;          // file base name, e.g. "01-stationary"
    QString title;       // "1. Stationary: BN on the raw inputs"
    QString explanation; // rich text (a small HTML subset) for the side panel
    TrainingConfig config;
    ViewSettings view;
    long suggestedSteps = 3000; // how long to let it play (also the headless default)
    double suggestedSpeed = 0;  // steps per second, 0 = as fast as possible
    QStringList hiddenControls; // object names of controls hidden from students
    QString run; // a recorded run (.bnlab) shown instead of training; empty = train config
};

// Lesson files are saved as ".bnlesson" (their own MIME type, application/x-bnlab-lesson, so a
// double-click opens them in BN Lab); any JSON file, such as the bundled "*.json", is read too.
inline constexpr char LessonFileSuffix[] = ".bnlesson";
inline constexpr char LessonFilePatterns[] = "*.bnlesson *.json";

// Throws InputError naming the file and the problem for malformed JSON or bad values.
Lesson loadLesson(const QString& path);
Lesson lessonFromJson(const QByteArray& json, const QString& displayName);
QByteArray lessonToJson(const Lesson& lesson);
// Writes atomically; returns an empty string or a message naming the path and the problem.
QString saveLesson(const Lesson& lesson, const QString& path);

// The bundled lessons (":/lessons/*.json"), in order.
QStringList bundledLessonPaths();
// Finds a lesson by id or title prefix among the bundled ones, or loads it as a file path.
Lesson findLesson(const QString& nameOrPath);

// With a base directory: relative data paths in the file are resolved against it when reading,
// and paths inside it are written relative to it (so a lesson folder with its CSV files can be
// moved). loadLesson and saveLesson use the lesson file's own folder.
Lesson lessonFromJson(const QByteArray& json, const QString& displayName,
                      const QString& baseDirectory);
QByteArray lessonToJson(const Lesson& lesson, const QString& baseDirectory);

// The estimator bank a lesson gets when it names none: the view's compared momenta in the
// view's convention, so the engine's online evaluation covers exactly what is plotted.
std::vector<EstimatorSpec> estimatorsForView(const ViewSettings& view);

// Field-by-field equality of two configurations (TrainingConfig has no operator==).
bool sameConfiguration(const TrainingConfig& a, const TrainingConfig& b);

// Explanations are stored as simple HTML paragraphs "<p>…</p>\n<p>…</p>". These split such a
// text into its paragraphs (empty if it is not of that form) and join paragraphs back.
QStringList explanationParagraphs(const QString& html);
QString explanationFromParagraphs(const QStringList& paragraphs);

} // namespace bnlab
