// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace optconf {

/// The inline error above the window's content: the summary (file, place, cause) and the first
/// few details, all of them in the tooltip. Never a modal box: the window stays usable.
class ErrorBanner final : public QLabel
{
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);

    void showError(const QString& summary, const QStringList& details);
    /// The text shown, or empty when hidden.
    QString message() const;
};

} // namespace optconf
