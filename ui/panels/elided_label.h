// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace optconf {

/// A one-line plain-text label that shows as much of its text as fits, eliding the middle (where
/// a long file name differs least: its start and its extension stay), with the whole text as its
/// tooltip when cut. It asks for no width of its own, so a long name never widens its panel.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    QString fullText() const { return m_full; }
    /// A tooltip of its own, shown under the whole text when that is cut (use instead of setToolTip).
    void setDetails(const QString& details);
    /// Whether the text shown is cut.
    bool isElided() const { return text() != m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void updateShown();

    QString m_full;
    QString m_tip; ///< the tooltip set from outside, shown when nothing is cut
};

} // namespace optconf
