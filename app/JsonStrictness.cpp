#include "JsonStrictness.h"

#include "Errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <vector>

namespace bnlab {

namespace {

struct Container {
    bool isObject;
    QString path;       // field path of this container ("config.model")
    QSet<QString> keys; // objects: keys seen so far
    int index = 0;      // arrays: index of the next element
    QString lastKey;    // objects: the key whose value comes next
};

class Scanner {
  public:
    Scanner(const QByteArray& json, const QString& file) : json_(json), file_(file) {}

    void run() {
        while (pos_ < json_.size()) {
            const char ch = json_[pos_];
            switch (ch) {
            case '{':
            case '[':
                stack_.push_back({ch == '{', valuePath(), {}, 0, {}});
                ++pos_;
                break;
            case '}':
            case ']':
                stack_.pop_back();
                ++pos_;
                finishValue();
                break;
            case '"':
                string();
                break;
            case ',':
            case ':':
            case ' ':
            case '\t':
            case '\n':
            case '\r':
                ++pos_;
                break;
            default:
                scalar();
            }
        }
    }

  private:
    // The path of the value that starts here.
    QString valuePath() const {
        if (stack_.empty())
            return {};
        const Container& c = stack_.back();
        const QString element = c.isObject ? c.lastKey : QStringLiteral("[%1]").arg(c.index);
        if (c.path.isEmpty())
            return element;
        return c.isObject ? c.path + '.' + element : c.path + element;
    }

    void finishValue() {
        if (!stack_.empty() && !stack_.back().isObject)
            ++stack_.back().index;
    }

    void string() {
        const int start = pos_;
        ++pos_;
        while (pos_ < json_.size() && json_[pos_] != '"')
            pos_ += json_[pos_] == '\\' ? 2 : 1;
        ++pos_;
        const QByteArray token = json_.mid(start, pos_ - start);
        int next = pos_;
        while (next < json_.size() && QByteArrayView(" \t\r\n").contains(json_[next]))
            ++next;
        const bool isKey =
            !stack_.empty() && stack_.back().isObject && next < json_.size() && json_[next] == ':';
        if (!isKey) {
            finishValue();
            return;
        }
        // Decoded, so "a" and "\u0061" are the same key.
        const QString key = QJsonDocument::fromJson("[" + token + "]").array().at(0).toString();
        Container& c = stack_.back();
        c.lastKey = key;
        if (c.keys.contains(key))
            fail(start, valuePath(),
                 QStringLiteral("the key \"%1\" is given twice in this object (each key once)")
                     .arg(key));
        c.keys.insert(key);
    }

    void scalar() {
        const int start = pos_;
        while (pos_ < json_.size() && !QByteArrayView(",]} \t\r\n").contains(json_[pos_]))
            ++pos_;
        const QString token = QString::fromLatin1(json_.mid(start, pos_ - start));
        static const QRegularExpression number(
            QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
        const bool word = token == QLatin1String("true") || token == QLatin1String("false") ||
                          token == QLatin1String("null");
        if (!word && !number.match(token).hasMatch())
            fail(start, valuePath(),
                 QStringLiteral("'%1' is not a number as JSON writes them (e.g. 1, 1.0, 0.5, "
                                "1e-5)")
                     .arg(token));
        finishValue();
    }

    [[noreturn]] void fail(int offset, const QString& field, const QString& problem) const {
        const QByteArray before = json_.left(offset);
        const int line = int(before.count('\n')) + 1;
        const int column = offset - int(before.lastIndexOf('\n'));
        throw InputError(
            QStringLiteral("%1: %2: %3 (line %4, column %5)")
                .arg(file_, field.isEmpty() ? QStringLiteral("(top level)") : field, problem)
                .arg(line)
                .arg(column)
                .toStdString());
    }

    const QByteArray& json_;
    const QString& file_;
    int pos_ = 0;
    std::vector<Container> stack_;
};

} // namespace

void requireStrictJson(const QByteArray& json, const QString& displayName) {
    Scanner(json, displayName).run();
}

} // namespace bnlab
