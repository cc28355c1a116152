#pragma once
// The control panel's column of titled sections, each a form of labelled rows. Every row's
// control gets its stable objectName (a lesson hides controls by name) and a readable label
// (controlDisplayName); a section disappears once a lesson hides all of its controls.
#include <QFormLayout>
#include <QGroupBox>
#include <QMap>
#include <QString>
#include <QStringList>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QVBoxLayout;

namespace bnlab {

class ControlForm {
  public:
    // The sections are added to `sections`, in order.
    explicit ControlForm(QVBoxLayout* sections) : sections_(sections) {}

    // A titled section with a form; rows added with addRow.
    QFormLayout* section(const QString& title, const QString& tip);

    template <typename W>
    W* addRow(QFormLayout* form, W* field, const char* name, const QString& tip,
              bool withLabel = true) {
        addNamedRow(form, field, name, tip, withLabel);
        return field;
    }
    // A path line edit with a browse button; the container carries the control's name.
    QLineEdit* pathRow(QFormLayout* form, const char* name, const QString& tip,
                       QWidget* dialogParent, const QString& dialogTitle);

    static QDoubleSpinBox* doubleSpin(double lo, double hi, int decimals, double step);
    static QSpinBox* intSpin(int lo, int hi, int step = 1, const QString& special = {},
                             const QString& suffix = {});
    static QComboBox* combo(std::initializer_list<std::pair<QString, int>> items);

    // The row's control (for a path: its container) and its label (nullptr if it has none).
    QWidget* field(const QString& name) const { return rows_.value(name).field; }
    QWidget* label(const QString& name) const { return rows_.value(name).label; }

    // Shows every row but the `hidden` ones, and the sections that still have a row shown.
    void showAllBut(const QStringList& hidden);

  private:
    struct Row {
        QWidget* label = nullptr;
        QWidget* field = nullptr;
        QGroupBox* group = nullptr;
    };
    void addNamedRow(QFormLayout* form, QWidget* field, const char* name, const QString& tip,
                     bool withLabel);

    QVBoxLayout* sections_;
    QMap<QString, Row> rows_;
    QList<QGroupBox*> groups_;
};

} // namespace bnlab
