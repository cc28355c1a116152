#pragma once
// "Export plot…" / "Export dashboard…": what to export, where, in which format and size, at
// which scale, on which background, with or without a caption. The default file name carries
// the scenario and the slider's momentum; the last folder is remembered (QSettings).
#include "FigureExport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace bnlab {

enum class ExportTarget { RunningMean, RunningVariance, Error, Accuracy, Dashboard };

struct ExportRequest {
    ExportTarget target = ExportTarget::Dashboard;
    QString path;
    FigureOptions options;
};

class ExportDialog : public QDialog {
    Q_OBJECT
  public:
    // `scenario` (lesson id or dataset) and `momentumTag` ("beta0.99") name the file;
    // `caption` is offered as the figure's caption.
    ExportDialog(ExportTarget target, const QString& scenario, const QString& momentumTag,
                 const QString& caption, QWidget* parent = nullptr);

    ExportRequest request() const;

    static QString defaultFileName(const QString& scenario, const QString& momentumTag,
                                   ExportTarget target, FigureFormat format);
    static QString targetName(ExportTarget target); // "running-mean", "dashboard", …
    static QString lastFolder();
    static void rememberFolder(const QString& folder);

    void accept() override;

  private:
    void targetOrFormatChanged();
    void browse();
    FigureFormat format() const;
    ExportTarget target() const;

    QString scenario_, momentumTag_;
    bool nameEdited_ = false;
    QString browsedPath_; // the path the file dialog returned (and asked about replacing)
    QComboBox* target_;
    QComboBox* format_;
    QComboBox* preset_;
    QSpinBox* width_;
    QSpinBox* height_;
    QComboBox* scale_;
    QRadioButton* white_;
    QRadioButton* transparent_;
    QCheckBox* withCaption_;
    QLineEdit* caption_;
    QLineEdit* path_;
};

} // namespace bnlab
