// CSV import: valid variants parse to the right numbers; every malformed input gives an
// InputError naming the file, the line and the problem.
#include "Dataset.h"
#include "Errors.h"

#include <QtTest>
#include <functional>
#include <sstream>

using namespace bnlab;

namespace {

std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path.toStdString();
}

QString errorOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestCsv : public QObject {
    Q_OBJECT
  private slots:
    void valid_data();
    void valid();
    void errors_data();
    void errors();
    void fromStringStream();
    void fromStringStreamError();
    void missingFile();
    void directory();
    void nameIsFileStem();
};

void TestCsv::valid_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("features");
    QTest::addColumn<QList<double>>("x"); // row-major
    QTest::addColumn<QList<int>>("y");
    QTest::addColumn<int>("classes");

    const QList<double> x12 = {1, 2, 3, 4, 5, 6};
    QTest::newRow("no header") << QByteArray("1,2,0\n3,4,1\n5,6,0\n") << 2 << x12
                               << QList<int>{0, 1, 0} << 2;
    QTest::newRow("header") << QByteArray("x,y,label\n1,2,0\n3,4,1\n5,6,0\n") << 2 << x12
                            << QList<int>{0, 1, 0} << 2;
    QTest::newRow("header with numeric-looking names")
        << QByteArray("1,y2,class\n1,2,0\n3,4,1\n5,6,0\n") << 2 << x12 << QList<int>{0, 1, 0} << 2;
    QTest::newRow("no trailing newline")
        << QByteArray("1,2,0\n3,4,1\n5,6,0") << 2 << x12 << QList<int>{0, 1, 0} << 2;
    QTest::newRow("CRLF") << QByteArray("a,b,c\r\n1,2,0\r\n3,4,1\r\n5,6,0\r\n") << 2 << x12
                          << QList<int>{0, 1, 0} << 2;
    QTest::newRow("blank lines") << QByteArray("\n\na,b,c\n\n1,2,0\n   \n3,4,1\n\t\n5,6,0\n\n\n")
                                 << 2 << x12 << QList<int>{0, 1, 0} << 2;
    QTest::newRow("whitespace around cells") << QByteArray(" 1 ,\t2, 0\n3,  4  ,1 \n 5,6 ,0\t\n")
                                             << 2 << x12 << QList<int>{0, 1, 0} << 2;
    QTest::newRow("negative and non-contiguous labels")
        << QByteArray("1,2,7\n3,4,-1\n5,6,1\n") << 2 << x12 << QList<int>{2, 0, 1} << 3;
    QTest::newRow("labels written as 3.0")
        << QByteArray("1,2,3.0\n3,4,-2.0\n5,6,3\n") << 2 << x12 << QList<int>{1, 0, 1} << 2;
    QTest::newRow("scientific notation")
        << QByteArray("1e-3,-2.5E+2,1\n+4.5,.25,2\n-0,1E3,1\n") << 2
        << QList<double>{0.001, -250, 4.5, 0.25, 0, 1000} << QList<int>{0, 1, 0} << 2;
    QTest::newRow("one feature") << QByteArray("0.5,0\n1.5,1\n") << 1 << QList<double>{0.5, 1.5}
                                 << QList<int>{0, 1} << 2;
    QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBFx,y,c\n1,2,0\n3,4,1\n5,6,0\n") << 2
                                     << x12 << QList<int>{0, 1, 0} << 2;
    QTest::newRow("byte order mark, no header") << QByteArray("\xEF\xBB\xBF"
                                                              "1,2,0\n3,4,1\n5,6,0\n")
                                                << 2 << x12 << QList<int>{0, 1, 0} << 2;
}

void TestCsv::valid() {
    QFETCH(QByteArray, content);
    QFETCH(int, features);
    QFETCH(QList<double>, x);
    QFETCH(QList<int>, y);
    QFETCH(int, classes);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Dataset d = loadCsv(writeFile(dir, "good.csv", content));
    QCOMPARE(d.features(), Eigen::Index(features));
    QCOMPARE(d.size(), Eigen::Index(y.size()));
    QCOMPARE(d.classes, classes);
    QCOMPARE(QList<int>(d.y.begin(), d.y.end()), y);
    for (Eigen::Index i = 0; i < d.size(); ++i)
        for (Eigen::Index j = 0; j < d.features(); ++j)
            QCOMPARE(d.x(i, j), x[i * features + j]); // the parsed decimal, exactly
}

void TestCsv::errors_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line"); // 0: a problem with the whole file
    QTest::addColumn<QString>("problem");

    QTest::newRow("empty file") << QByteArray() << 0 << "the file is empty";
    QTest::newRow("only blank lines") << QByteArray("\n \r\n\t\n") << 0 << "the file is empty";
    QTest::newRow("header only") << QByteArray("x,y,label\n") << 0 << "header only, no data rows";
    QTest::newRow("header and blank lines")
        << QByteArray("\nx,y,label\r\n\r\n") << 0 << "header only, no data rows";
    QTest::newRow("short row") << QByteArray("1,2,0\n3,4\n") << 2
                               << "expected 3 cells like line 1, found 2";
    QTest::newRow("long row after header and blank lines")
        << QByteArray("\nx,y,c\n\n1,2,0\n3,4,5,1\n") << 5
        << "expected 3 cells like line 2, found 4";
    QTest::newRow("ragged with CRLF") << QByteArray("1,2,0\r\n3,4,1\r\n\r\n5,1\r\n") << 4
                                      << "expected 3 cells like line 1, found 2";
    QTest::newRow("header wider than data")
        << QByteArray("a,b,c,label\n1,2,0\n") << 2 << "expected 4 cells like line 1, found 3";
    QTest::newRow("not a number") << QByteArray("1,2,0\n3,abc,1\n") << 2
                                  << "column 2: 'abc' is not a number";
    QTest::newRow("quoted number")
        << QByteArray("1,2,0\n\"3.5\",4,1\n") << 2 << "column 1: '\"3.5\"' is not a number";
    QTest::newRow("decimal comma")
        << QByteArray("1,2,0\n3,5,4,1\n") << 2 << "expected 3 cells like line 1, found 4";
    QTest::newRow("hex") << QByteArray("1,2,0\n0x10,4,1\n") << 2
                         << "column 1: '0x10' is not a number";
    QTest::newRow("empty cell") << QByteArray("1,2,0\n3,,1\n") << 2 << "column 2 is empty";
    QTest::newRow("empty cell on first line")
        << QByteArray("1,,0\n3,4,1\n") << 1 << "column 2 is empty";
    QTest::newRow("NaN") << QByteArray("1,2,0\nnan,3,1\n") << 2
                         << "column 1: 'nan' is not a finite number";
    QTest::newRow("NaN on first line")
        << QByteArray("1,NaN,0\n3,4,1\n") << 1 << "column 2: 'NaN' is not a finite number";
    QTest::newRow("Inf") << QByteArray("1,2,0\n3,-inf,1\n") << 2
                         << "column 2: '-inf' is not a finite number";
    QTest::newRow("Infinity") << QByteArray("x,y,c\n1,2,0\n\nInfinity,3,1\n") << 4
                              << "column 1: 'Infinity' is not a finite number";
    QTest::newRow("overflow") << QByteArray("1,2,0\n1e999,3,1\n") << 2
                              << "column 1: '1e999' is out of the range";
    QTest::newRow("fractional label") << QByteArray("1,2,0\n3,4,1.5\n") << 2
                                      << "column 3 (the class label): '1.5' is not an integer";
    QTest::newRow("text label") << QByteArray("1,2,0\n3,4,cat\n") << 2
                                << "column 3 (the class label): 'cat' is not an integer";
    QTest::newRow("NaN label") << QByteArray("1,2,0\n3,4,nan\n") << 2
                               << "column 3 (the class label): 'nan' is not an integer";
    QTest::newRow("empty label") << QByteArray("1,2,0\n3,4,\n") << 2
                                 << "column 3 (the class label) is empty";
    QTest::newRow("huge label") << QByteArray("1,2,0\n3,4,1e12\n") << 2
                                << "column 3 (the class label): '1e12' is too large";
    QTest::newRow("one column") << QByteArray("1\n2\n") << 1 << "at least 2 columns";
    QTest::newRow("semicolons") << QByteArray("a;b;c\n1;2;0\n") << 1 << "separated by commas";
    QTest::newRow("single class") << QByteArray("1,2,3\n4,5,3\n\n6,7,3\n") << 0
                                  << "all rows have class label 3; at least two classes are "
                                     "needed";
    QTest::newRow("single negative class")
        << QByteArray("x,c\n1,-1\n") << 0 << "all rows have class label -1";
    QTest::newRow("long cell is cut short")
        << QByteArray("1,2,0\n" + QByteArray(500, 'z') + ",4,1\n") << 2
        << "column 1: '" + QString(40, 'z') + "...' is not a number";
}

void TestCsv::errors() {
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = writeFile(dir, "my data.csv", content);
    const QString message = errorOf([&] { loadCsv(path); });
    QVERIFY2(!message.isEmpty(), "no InputError thrown");
    // "<file name>, line <N>: <problem>" or "<file name>: <problem>", the name without folders.
    const QString prefix = line > 0 ? QString("my data.csv, line %1: ").arg(line) : "my data.csv: ";
    QVERIFY2(message.startsWith(prefix), qPrintable(message));
    QVERIFY2(message.contains(problem), qPrintable(message));
}

void TestCsv::fromStringStream() {
    std::istringstream in("f1,f2,label\n0.5,-1,10\n1.5,2,20\n2.5,3e2,10\n");
    const Dataset d = parseCsv(in, "pasted data");
    QCOMPARE(d.name, std::string("pasted data"));
    QCOMPARE(d.size(), Eigen::Index(3));
    QCOMPARE(d.features(), Eigen::Index(2));
    QCOMPARE(d.classes, 2);
    QCOMPARE(d.y, (std::vector<int>{0, 1, 0}));
    QCOMPARE(d.x(2, 1), 300.0);
    QCOMPARE(d.x(1, 0), 1.5);
}

void TestCsv::fromStringStreamError() {
    std::istringstream in("1,2,0\n\n3,x,1\n");
    QCOMPARE(errorOf([&] { parseCsv(in, "pasted data"); }),
             QString("pasted data, line 3: column 2: 'x' is not a number"));
}

void TestCsv::missingFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("nope.csv").toStdString();
    const QString message = errorOf([&] { loadCsv(path); });
    QVERIFY2(message.startsWith(QString::fromStdString(path) + ": cannot open the file ("),
             qPrintable(message));
    QVERIFY2(message.contains("No such file"), qPrintable(message));
}

void TestCsv::directory() {
    QTemporaryDir dir;
    const std::string path = dir.path().toStdString();
    const QString message = errorOf([&] { loadCsv(path); });
    QVERIFY2(message.startsWith(QString::fromStdString(path) + ": cannot open the file ("),
             qPrintable(message));
}

void TestCsv::nameIsFileStem() {
    QTemporaryDir dir;
    const Dataset d = loadCsv(writeFile(dir, "iris.data.csv", "1,0\n2,1\n"));
    QCOMPARE(d.name, std::string("iris.data"));
}

QTEST_APPLESS_MAIN(TestCsv)
#include "test_csv.moc"
