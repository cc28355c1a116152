#include "MessageBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace bnlab {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("messageBanner"));
    // Vermillion frame, readable text in both themes.
    setStyleSheet(QStringLiteral("#messageBanner { border: 3px solid #D55E00; border-radius: 6px;"
                                 " background: palette(base); }"));
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::PlainText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = text_->font();
    bold.setBold(true);
    text_->setFont(bold);
    auto* close = new QToolButton(this);
    close->setText(tr("Close"));
    close->setToolTip(tr("Hide this message (the run and its history are not affected)."));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(text_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void MessageBanner::showMessage(const QString& text) {
    text_->setText(text);
    show();
}

QString MessageBanner::text() const {
    return isHidden() ? QString() : text_->text();
}

} // namespace bnlab
