// Momenta in lesson text: written once as placeholders in Keras β, shown in the view's
// convention; malformed placeholders are reader errors naming the file and the field; the
// lesson panel re-renders when the convention switches; every bundled lesson uses them.
#include "Errors.h"
#include "Lesson.h"
#include "LessonPanel.h"

#include <QRegularExpression>
#include <QTextBrowser>
#include <QtTest>

using namespace bnlab;

namespace {
QString inputErrorOf(const QByteArray& json) {
    try {
        lessonFromJson(json, QStringLiteral("my-lesson.json"));
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QByteArray lessonWith(const QString& explanation) {
    return QStringLiteral(R"({"format": "bnlab-lesson", "version": 1, "title": "T",
                              "explanation": ["First.", "%1"]})")
        .arg(explanation)
        .toUtf8();
}

QString plainText(const QString& html) {
    return QString(html).remove(QRegularExpression(QStringLiteral("<[^>]*>"))).simplified();
}
} // namespace

class TestLessonText : public QObject {
    Q_OBJECT
  private slots:
    void rendersInEachConvention_data();
    void rendersInEachConvention();
    void textWithoutPlaceholdersIsUnchanged();
    void malformedPlaceholdersNameFileAndField_data();
    void malformedPlaceholdersNameFileAndField();
    void savingRefusesMalformedPlaceholders();
    void panelFollowsTheConvention();
    void bundledLessonsWriteEveryMomentumAsAPlaceholder();
};

void TestLessonText::rendersInEachConvention_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("keras");
    QTest::addColumn<QString>("pytorch");
    QTest::newRow("value") << "At {β=0.99} it lags."
                           << "At β = 0.99 it lags."
                           << "At α = 0.01 it lags.";
    QTest::newRow("rounding") << "{β=0.999}"
                              << "β = 0.999"
                              << "α = 0.001";
    QTest::newRow("ends") << "{β=0}, {β=1}"
                          << "β = 0, β = 1"
                          << "α = 1, α = 0";
    QTest::newRow("symbol") << "momentum {β}"
                            << "momentum β"
                            << "momentum α";
    QTest::newRow("window") << "{1/(1−β)} steps"
                            << "1/(1−β) steps"
                            << "1/α steps";
    QTest::newRow("ascii spellings") << "{beta = 0.9}, {beta}, {1/(1-beta)}"
                                     << "β = 0.9, β, 1/(1−β)"
                                     << "α = 0.1, α, 1/α";
    QTest::newRow("several in HTML") << "<b>{β=0.5}</b> and <i>{β=0.9}</i>"
                                     << "<b>β = 0.5</b> and <i>β = 0.9</i>"
                                     << "<b>α = 0.5</b> and <i>α = 0.1</i>";
}

void TestLessonText::rendersInEachConvention() {
    QFETCH(QString, text);
    QFETCH(QString, keras);
    QFETCH(QString, pytorch);
    QCOMPARE(lessonTextProblem(text), QString());
    QCOMPARE(renderLessonText(text, Convention::Keras), keras);
    QCOMPARE(renderLessonText(text, Convention::PyTorch), pytorch);
}

void TestLessonText::textWithoutPlaceholdersIsUnchanged() {
    const QString text = QStringLiteral("<p>Plain &#123;text&#125; with σ²<sub>B</sub>.</p>");
    QCOMPARE(lessonTextProblem(text), QString());
    QCOMPARE(renderLessonText(text, Convention::PyTorch), text);
}

void TestLessonText::malformedPlaceholdersNameFileAndField_data() {
    QTest::addColumn<QString>("explanation");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown") << "{gamma=1}"
                             << "{gamma=1}: unknown placeholder";
    QTest::newRow("not a number") << "{β=high}"
                                  << "{β=high}: \\\"high\\\" is not a number";
    QTest::newRow("empty value") << "{β=}"
                                 << "is not a number";
    QTest::newRow("out of range") << "{β=1.5}"
                                  << "the momentum 1.5 is outside [0, 1]";
    QTest::newRow("lone brace") << "{β=0.9"
                                << "a lone \\\"{\\\"";
    QTest::newRow("lone closing brace") << "0.9}"
                                        << "a lone \\\"}\\\"";
}

void TestLessonText::malformedPlaceholdersNameFileAndField() {
    QFETCH(QString, explanation);
    QFETCH(QString, expected);
    const QString error = inputErrorOf(lessonWith(explanation));
    QVERIFY2(error.startsWith(QStringLiteral("my-lesson.json: explanation[2]: ")),
             qPrintable(error));
    expected.replace(QStringLiteral("\\\""), QStringLiteral("\""));
    QVERIFY2(error.contains(expected), qPrintable(error));
    // A single-text explanation and the title are checked too.
    const QString single =
        inputErrorOf(QStringLiteral(R"({"format": "bnlab-lesson", "version": 1, "title": "T",
                           "explanation": "%1"})")
                         .arg(explanation)
                         .toUtf8());
    QVERIFY2(single.startsWith(QStringLiteral("my-lesson.json: explanation: ")),
             qPrintable(single));
    const QString title =
        inputErrorOf(QStringLiteral(R"({"format": "bnlab-lesson", "version": 1, "title": "T %1"})")
                         .arg(explanation)
                         .toUtf8());
    QVERIFY2(title.startsWith(QStringLiteral("my-lesson.json: title: ")), qPrintable(title));
}

void TestLessonText::savingRefusesMalformedPlaceholders() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("typo.json"));
    Lesson lesson;
    lesson.title = QStringLiteral("Typo");
    lesson.explanation = QStringLiteral("<p>Slide to {β=0.9.}</p>");
    const QString problem = saveLesson(lesson, path);
    QVERIFY2(problem.startsWith(path + QStringLiteral(": explanation: {β=0.9.}")),
             qPrintable(problem));
    QVERIFY(!QFile::exists(path));
    lesson.explanation = QStringLiteral("<p>Slide to {β=0.9}.</p>");
    QCOMPARE(saveLesson(lesson, path), QString());
    QCOMPARE(loadLesson(path).explanation, lesson.explanation);
}

void TestLessonText::panelFollowsTheConvention() {
    Lesson lesson = lessonFromJson(lessonWith(QStringLiteral("Slide to {β=0.999}.")),
                                   QStringLiteral("my-lesson.json"));
    lesson.view.convention = Convention::PyTorch;
    LessonPanel panel;
    panel.setLesson(lesson);
    auto* text = panel.findChild<QTextBrowser*>(QStringLiteral("lessonExplanation"));
    QVERIFY(text);
    // Shown first in the lesson's own convention, then in whichever the view switches to.
    QVERIFY2(text->toPlainText().contains(QStringLiteral("Slide to α = 0.001.")),
             qPrintable(text->toPlainText()));
    panel.setConvention(Convention::Keras);
    QVERIFY2(text->toPlainText().contains(QStringLiteral("Slide to β = 0.999.")),
             qPrintable(text->toPlainText()));
    panel.setConvention(Convention::PyTorch);
    QVERIFY(text->toPlainText().contains(QStringLiteral("Slide to α = 0.001.")));
}

void TestLessonText::bundledLessonsWriteEveryMomentumAsAPlaceholder() {
    const QStringList paths = bundledLessonPaths();
    QVERIFY(!paths.isEmpty());
    for (const QString& path : paths) {
        const Lesson lesson = loadLesson(path);
        // A momentum written out by hand would show the other convention's symbol.
        const QString keras = plainText(renderLessonText(lesson.explanation, Convention::Keras));
        const QString pytorch =
            plainText(renderLessonText(lesson.explanation, Convention::PyTorch));
        QVERIFY2(!keras.contains(QChar(0x3B1)), qPrintable(path + ": α in Keras view"));
        QVERIFY2(!pytorch.contains(QChar(0x3B2)), qPrintable(path + ": β in PyTorch view"));
    }
}

QTEST_MAIN(TestLessonText)
#include "test_lesson_text.moc"
