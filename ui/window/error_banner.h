// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;

namespace optconf {

/// The inline error above the window's content: the summary (file, place, cause) and the first few
/// details, each line cut to what a banner can show; "Details…" opens every detail in full, and
/// the close button hides it. Never a modal box by itself: the window stays usable.
class ErrorBanner final : public QFrame
{
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const QString& summary, const QStringList& details);
    /// The text shown (plain, line by line), or empty when hidden.
    QString message() const;
    /// Every line in full: the summary, then each detail.
    QString fullText() const;

signals:
    void detailsRequested(const QString& fullText);

private:
    QLabel* m_text;
    QToolButton* m_details;
    QToolButton* m_close;
    QString m_shown;
    QString m_full;
};

} // namespace optconf
