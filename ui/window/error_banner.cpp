// SPDX-License-Identifier: MIT
#include "ui/window/error_banner.h"

#include "ui/theme.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace optconf {

namespace {

constexpr qsizetype kShownDetails = 6;
/// Characters of one line the banner shows: laying out a 10 MB line takes Qt minutes and fills
/// the screen; the whole text stays one click away.
constexpr qsizetype kShownLineLength = 240;

/// The lines of `text` (a message may list things on lines of its own), each cut to the banner.
QStringList bannerLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.size() <= kShownLineLength)
            lines << line;
        else
            lines << line.left(kShownLineLength) + QStringLiteral("\u2026 (%1 characters)").arg(line.size());
    }
    return lines;
}

/// The summary, or nothing when it only repeats the first detail.
QStringList withoutRepeat(const QString& summary, const QStringList& details)
{
    QStringList rest = details;
    if (!rest.isEmpty() && summary.trimmed().endsWith(rest.constFirst().trimmed()))
        rest.removeFirst();
    return rest;
}

void showFullText(QWidget* parent, const QString& text)
{
    auto* dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(ErrorBanner::tr("Error details"));
    auto* view = new QPlainTextEdit(dialog);
    view->setObjectName(QStringLiteral("errorDetailsText"));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap); // long lines scroll instead of being laid out
    view->setPlainText(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(view);
    layout->addWidget(buttons);
    dialog->resize(720, 400);
    dialog->show();
}

} // namespace

ErrorBanner::ErrorBanner(QWidget* parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_details(new QToolButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("errorBanner"));
    setFrameShape(QFrame::StyledPanel);
    const theme::BoxColors colors = theme::boxColors(theme::Tone::Error, palette());
    setStyleSheet(QStringLiteral("#errorBanner { background: %1; border: 1px solid %2; "
                                 "border-radius: 4px; } #errorBanner QLabel { color: %3; }")
                      .arg(colors.background.name(), colors.border.name(), colors.text.name()));
    m_text->setObjectName(QStringLiteral("errorBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setObjectName(QStringLiteral("errorBannerDetails"));
    m_details->setText(tr("Details\u2026"));
    m_details->setToolTip(tr("Show every detail of the error in full"));
    m_close->setObjectName(QStringLiteral("errorBannerClose"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Close"));
    m_close->setAutoRaise(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_details, 0, Qt::AlignTop);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, [this] { setVisible(false); });
    connect(m_details, &QToolButton::clicked, this, [this] {
        emit detailsRequested(m_full);
        showFullText(window(), m_full);
    });
    setVisible(false);
}

void ErrorBanner::showError(const QString& summary, const QStringList& details)
{
    const QStringList rest = withoutRepeat(summary, details);
    QStringList lines = bannerLines(summary);
    const qsizetype shown = std::min(rest.size(), kShownDetails);
    bool cut = false;
    for (qsizetype i = 0; i < shown; ++i) {
        const QStringList detailLines = bannerLines(rest[i]);
        lines << QStringLiteral("\u2022 ") + detailLines.join(QStringLiteral("\n  "));
        cut = cut || detailLines.join(QLatin1Char('\n')).size() < rest[i].size();
    }
    if (rest.size() > shown)
        lines << tr("\u2026 and %1 more (Details\u2026 shows all)").arg(rest.size() - shown);
    m_shown = lines.join(QLatin1Char('\n'));
    m_full = (QStringList{summary} + rest).join(QLatin1Char('\n'));
    m_text->setText(m_shown);
    m_details->setVisible(rest.size() > shown || cut || m_shown.size() < m_full.size());
    setVisible(true);
}

QString ErrorBanner::message() const
{
    return isVisible() ? m_shown : QString();
}

QString ErrorBanner::fullText() const
{
    return m_full;
}

} // namespace optconf
