// SPDX-License-Identifier: MIT
#include "error_banner.h"

namespace optconf {

namespace {
constexpr qsizetype kShownDetails = 6;
}

ErrorBanner::ErrorBanner(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("errorBanner"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8c1d18; border: 1px solid #f1b0aa; "
                                 "border-radius: 4px; padding: 8px; }"));
    setVisible(false);
}

void ErrorBanner::showError(const QString& summary, const QStringList& details)
{
    QString text = summary.toHtmlEscaped();
    const qsizetype shown = std::min(details.size(), kShownDetails);
    for (qsizetype i = 0; i < shown; ++i)
        text += QStringLiteral("<br>• ") + details[i].toHtmlEscaped();
    if (details.size() > shown)
        text += tr("<br>… and %1 more (hover for all)").arg(details.size() - shown);
    setText(text);
    setToolTip(details.join(QLatin1Char('\n')));
    setVisible(true);
}

QString ErrorBanner::message() const
{
    return isVisible() ? text() : QString();
}

} // namespace optconf
