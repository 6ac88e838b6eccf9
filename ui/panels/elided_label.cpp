// SPDX-License-Identifier: MIT
#include "ui/panels/elided_label.h"

#include <QResizeEvent>

namespace optconf {

ElidedLabel::ElidedLabel(QWidget* parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& text)
{
    m_full = text;
    updateShown();
    updateGeometry();
}

void ElidedLabel::setDetails(const QString& details)
{
    m_tip = details;
    updateShown();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {0, QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(m_full), QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    updateShown();
}

void ElidedLabel::updateShown()
{
    const QString shown =
        fontMetrics().elidedText(m_full, Qt::ElideMiddle, std::max(0, contentsRect().width()));
    if (shown != text())
        setText(shown);
    if (shown == m_full)
        setToolTip(m_tip);
    else
        setToolTip(m_tip.isEmpty() ? m_full : m_full + QStringLiteral("\n\n") + m_tip);
}

} // namespace optconf
