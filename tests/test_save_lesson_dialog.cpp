// The Save-as-lesson dialog, as a teacher sees it: controls listed by their visible labels, and
// check boxes that can be seen in every theme (an unticked box in the dark theme must still
// stand out from the list behind it).
#include "ApplicationStyle.h"
#include "ControlPanel.h"
#include "Lesson.h"
#include "SaveLessonDialog.h"
#include "Theme.h"

#include <QApplication>
#include <QListWidget>
#include <QPainter>
#include <QStyleOptionViewItem>
#include <QtTest>

using namespace bnlab;

namespace {

double relativeLuminance(QColor c) {
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// WCAG contrast ratio of two colours, 1 to 21.
double contrast(QColor a, QColor b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TestSaveLessonDialog : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase() { ApplicationStyle::install(); }
    void listsControlsByTheirLabels();
    void checkBoxesStandOut_data();
    void checkBoxesStandOut();
};

void TestSaveLessonDialog::listsControlsByTheirLabels() {
    ControlPanel panel;
    SaveLessonDialog dialog(Lesson{}, panel.controlNames());
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("hiddenControls"));
    QVERIFY(list);
    QVERIFY(list->count() > 5);
    for (int i = 0; i < list->count(); ++i) {
        const QString text = list->item(i)->text();
        QVERIFY2(!text.endsWith(QStringLiteral("Box")) && !text.endsWith(QStringLiteral("Edit")),
                 qPrintable(text));
    }
}

void TestSaveLessonDialog::checkBoxesStandOut_data() {
    QTest::addColumn<bool>("dark");
    QTest::newRow("light theme") << false;
    QTest::newRow("dark theme") << true;
}

// The unticked box's outline against the list's background: at least 3:1, the contrast WCAG
// asks of the parts of a control one must see to use it.
void TestSaveLessonDialog::checkBoxesStandOut() {
    QFETCH(bool, dark);
    Theme theme;
    theme.dark = dark;
    QApplication::setPalette(theme.windowPalette());
    ControlPanel panel;
    SaveLessonDialog dialog(Lesson{}, panel.controlNames());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* list = dialog.findChild<QListWidget*>(QStringLiteral("hiddenControls"));
    QVERIFY(list);
    QListWidgetItem* item = list->item(0);
    QCOMPARE(item->checkState(), Qt::Unchecked);
    list->item(1)->setCheckState(Qt::Checked); // a ticked one beside it, for the picture

    const QImage image = list->viewport()->grab().toImage();
    if (const QByteArray dir = qgetenv("BNLAB_SHOT_DIR"); !dir.isEmpty())
        dialog.grab().save(QString::fromLocal8Bit(dir) +
                           (dark ? QStringLiteral("/save-lesson-dark.png")
                                 : QStringLiteral("/save-lesson-light.png")));
    QStyleOptionViewItem option;
    option.initFrom(list);
    option.rect = list->visualItemRect(item);
    option.features |= QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
    option.checkState = Qt::Unchecked;
    option.text = item->text();
    const QRect box =
        list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, list);
    QVERIFY(box.isValid());
    const QColor background = image.pixelColor(option.rect.right() - 2, option.rect.center().y());
    double best = 1.0;
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            best = std::max(best, contrast(image.pixelColor(x, y), background));
    QVERIFY2(best >= 3.0,
             qPrintable(QStringLiteral("the unticked box's strongest contrast with the "
                                       "list is %1:1")
                            .arg(best, 0, 'f', 2)));
}

QTEST_MAIN(TestSaveLessonDialog)
#include "test_save_lesson_dialog.moc"
