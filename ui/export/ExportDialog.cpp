#include "ExportDialog.h"

#include "ExportTargetCheck.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>

namespace bnlab {

namespace {
const char* FolderKey = "export/lastFolder";

struct Preset {
    const char* name;
    QSize size;
};
const Preset Presets[] = {
    {QT_TRANSLATE_NOOP("ExportDialog", "Slide 16:9 (1600 × 900)"), {1600, 900}},
    {QT_TRANSLATE_NOOP("ExportDialog", "Full HD (1920 × 1080)"), {1920, 1080}},
    {QT_TRANSLATE_NOOP("ExportDialog", "Dashboard (1920 × 1200)"), {1920, 1200}},
    {QT_TRANSLATE_NOOP("ExportDialog", "Slide 4:3 (1200 × 900)"), {1200, 900}},
    {QT_TRANSLATE_NOOP("ExportDialog", "Paper figure (1000 × 700)"), {1000, 700}},
    {QT_TRANSLATE_NOOP("ExportDialog", "Square (1000 × 1000)"), {1000, 1000}},
};
} // namespace

QString ExportDialog::targetName(ExportTarget target) {
    switch (target) {
    case ExportTarget::RunningMean:
        return QStringLiteral("running-mean");
    case ExportTarget::RunningVariance:
        return QStringLiteral("running-variance");
    case ExportTarget::Error:
        return QStringLiteral("error-vs-population");
    case ExportTarget::Accuracy:
        return QStringLiteral("accuracy");
    case ExportTarget::Dashboard:
        return QStringLiteral("dashboard");
    }
    return QStringLiteral("figure");
}

QString ExportDialog::defaultFileName(const QString& scenario, const QString& momentumTag,
                                      ExportTarget target, FigureFormat format) {
    return QStringLiteral("%1_%2_%3.%4")
        .arg(scenario, momentumTag, targetName(target), suffixOf(format));
}

QString ExportDialog::lastFolder() {
    const QString saved = QSettings().value(FolderKey).toString();
    if (!saved.isEmpty() && QFileInfo(saved).isDir())
        return saved;
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return QFileInfo(pictures).isDir() ? pictures : QDir::homePath();
}

void ExportDialog::rememberFolder(const QString& folder) {
    QSettings().setValue(FolderKey, folder);
}

ExportDialog::ExportDialog(ExportTarget target, const QString& scenario, const QString& momentumTag,
                           const QString& caption, QWidget* parent)
    : QDialog(parent), scenario_(scenario), momentumTag_(momentumTag) {
    setWindowTitle(tr("Export figure"));
    setObjectName(QStringLiteral("exportDialog"));

    target_ = new QComboBox(this);
    target_->addItem(tr("Running mean plot"), int(ExportTarget::RunningMean));
    target_->addItem(tr("Running variance plot"), int(ExportTarget::RunningVariance));
    target_->addItem(tr("Error vs population plot"), int(ExportTarget::Error));
    target_->addItem(tr("Accuracy and loss plot"), int(ExportTarget::Accuracy));
    target_->addItem(tr("Whole dashboard (four plots)"), int(ExportTarget::Dashboard));
    target_->setCurrentIndex(target_->findData(int(target)));
    target_->setToolTip(tr("Which plot to export, or all four together."));

    format_ = new QComboBox(this);
    format_->addItem(tr("PNG image"), int(FigureFormat::Png));
    format_->addItem(tr("JPG image"), int(FigureFormat::Jpg));
    format_->addItem(tr("PDF (vector)"), int(FigureFormat::Pdf));
    format_->addItem(tr("SVG (vector)"), int(FigureFormat::Svg));
    format_->setToolTip(tr("PNG for slides, PDF or SVG to scale without blur, JPG for small "
                           "files."));

    preset_ = new QComboBox(this);
    for (const Preset& p : Presets)
        preset_->addItem(tr(p.name), p.size);
    preset_->addItem(tr("Custom"));
    preset_->setToolTip(tr("A ready-made size; the figure is laid out anew at that size."));
    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (QSpinBox* box : {width_, height_}) {
        box->setRange(200, 8000);
        box->setSuffix(tr(" px"));
    }
    width_->setValue(1600);
    height_->setValue(900);
    width_->setToolTip(tr("Figure width in logical pixels (before scaling)."));
    height_->setToolTip(tr("Figure height in logical pixels (before scaling)."));
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(preset_, 1);
    sizeRow->addWidget(width_);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(height_);

    scale_ = new QComboBox(this);
    for (int s = 1; s <= 4; ++s)
        scale_->addItem(QStringLiteral("%1×").arg(s), s);
    scale_->setCurrentIndex(1);
    scale_->setToolTip(tr("Pixel density of PNG/JPG: 2× keeps lines sharp on a 4K projector."));

    white_ = new QRadioButton(tr("White"), this);
    transparent_ = new QRadioButton(tr("Transparent"), this);
    white_->setChecked(true);
    white_->setToolTip(tr("A white page behind the figure (always for JPG)."));
    transparent_->setToolTip(tr("No background: the figure sits on the slide's own colour."));
    auto* backgroundRow = new QHBoxLayout;
    backgroundRow->addWidget(white_);
    backgroundRow->addWidget(transparent_);
    backgroundRow->addStretch(1);

    withCaption_ = new QCheckBox(tr("Print a caption under the figure"), this);
    withCaption_->setChecked(true);
    withCaption_->setToolTip(tr("Dataset, batch size, BN momenta, convention, steps and seed."));
    caption_ = new QLineEdit(caption, this);
    caption_->setToolTip(tr("The caption text; edit freely."));
    caption_->setMinimumWidth(520);
    caption_->setCursorPosition(0); // show its beginning

    path_ = new QLineEdit(this);
    path_->setObjectName(QStringLiteral("exportPath"));
    path_->setToolTip(tr("Where the file is written."));
    auto* browse = new QPushButton(tr("Browse…"), this);
    browse->setToolTip(tr("Choose the folder and file name."));
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_, 1);
    pathRow->addWidget(browse);

    auto* form = new QFormLayout;
    form->addRow(tr("Export"), target_);
    form->addRow(tr("Format"), format_);
    form->addRow(tr("Size"), sizeRow);
    form->addRow(tr("Scale"), scale_);
    form->addRow(tr("Background"), backgroundRow);
    form->addRow(QString(), withCaption_);
    form->addRow(tr("Caption"), caption_);
    form->addRow(tr("File"), pathRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    path_->setText(
        QDir(lastFolder())
            .filePath(defaultFileName(scenario_, momentumTag_, this->target(), format())));

    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    connect(target_, &QComboBox::currentIndexChanged, this, &ExportDialog::targetOrFormatChanged);
    connect(format_, &QComboBox::currentIndexChanged, this, &ExportDialog::targetOrFormatChanged);
    connect(path_, &QLineEdit::textEdited, this, [this] { nameEdited_ = true; });
    connect(withCaption_, &QCheckBox::toggled, caption_, &QLineEdit::setEnabled);
    connect(preset_, &QComboBox::activated, this, [this](int index) {
        const QSize size = preset_->itemData(index).toSize();
        if (!size.isValid())
            return;
        width_->setValue(size.width());
        height_->setValue(size.height());
    });
    auto toCustom = [this] {
        const QSize size(width_->value(), height_->value());
        const int match = preset_->findData(size);
        preset_->setCurrentIndex(match >= 0 ? match : preset_->count() - 1);
    };
    connect(width_, &QSpinBox::valueChanged, this, toCustom);
    connect(height_, &QSpinBox::valueChanged, this, toCustom);
    targetOrFormatChanged();
    // Focus on Save: Return exports at once, and no stray key edits a field or a choice.
    buttons->button(QDialogButtonBox::Save)->setDefault(true);
    buttons->button(QDialogButtonBox::Save)->setFocus();
}

FigureFormat ExportDialog::format() const {
    return FigureFormat(format_->currentData().toInt());
}
ExportTarget ExportDialog::target() const {
    return ExportTarget(target_->currentData().toInt());
}

void ExportDialog::targetOrFormatChanged() {
    const bool raster = format() == FigureFormat::Png || format() == FigureFormat::Jpg;
    scale_->setEnabled(raster);
    transparent_->setEnabled(format() != FigureFormat::Jpg);
    if (format() == FigureFormat::Jpg)
        white_->setChecked(true);
    // A whole dashboard wants more room than one plot.
    if (target() == ExportTarget::Dashboard && width_->value() == 1600 && height_->value() == 900) {
        width_->setValue(1920);
        height_->setValue(1200);
    } else if (target() != ExportTarget::Dashboard && width_->value() == 1920 &&
               height_->value() == 1200) {
        width_->setValue(1600);
        height_->setValue(900);
    }
    QFileInfo info(path_->text());
    const QString folder = info.path().isEmpty() ? lastFolder() : info.path();
    const QString name = nameEdited_
                             ? info.completeBaseName() + QLatin1Char('.') + suffixOf(format())
                             : defaultFileName(scenario_, momentumTag_, target(), format());
    path_->setText(QDir(folder).filePath(name));
}

void ExportDialog::browse() {
    const QString filter =
        tr("%1 files (*.%2)").arg(suffixOf(format()).toUpper(), suffixOf(format()));
    const QString chosen =
        QFileDialog::getSaveFileName(this, tr("Export figure"), path_->text(), filter);
    if (chosen.isEmpty())
        return;
    bool ok = false;
    const FigureFormat fromSuffix = figureFormatFromSuffix(QFileInfo(chosen).suffix(), &ok);
    QString path = chosen;
    if (ok)
        format_->setCurrentIndex(format_->findData(int(fromSuffix)));
    else
        path += QLatin1Char('.') + suffixOf(format());
    nameEdited_ = true;
    path_->setText(path);
    browsedPath_ = ok ? path : QString(); // a suffix added here was not asked about
}

void ExportDialog::accept() {
    const QString path = path_->text().trimmed();
    if (path.isEmpty() || QFileInfo(path).fileName().isEmpty()) {
        QMessageBox::warning(this, windowTitle(), tr("Please choose a file name."));
        return;
    }
    // A system folder or an existing file needs a second look (No keeps the dialog open).
    // The file dialog behind "Browse…" already asked about replacing the file it returned.
    const QFileInfo target(path);
    const QStringList replaced =
        path == browsedPath_ ? QStringList() : QStringList{target.fileName()};
    if (!confirmExportTarget(this, target.absolutePath(), replaced, windowTitle()))
        return;
    rememberFolder(target.absolutePath());
    QDialog::accept();
}

ExportRequest ExportDialog::request() const {
    ExportRequest r;
    r.target = target();
    r.path = path_->text().trimmed();
    r.options.format = format();
    r.options.size = QSize(width_->value(), height_->value());
    r.options.scale = r.options.format == FigureFormat::Png || r.options.format == FigureFormat::Jpg
                          ? scale_->currentData().toDouble()
                          : 1.0;
    r.options.transparent = transparent_->isChecked() && r.options.format != FigureFormat::Jpg;
    r.options.caption = withCaption_->isChecked() ? caption_->text() : QString();
    return r;
}

} // namespace bnlab
