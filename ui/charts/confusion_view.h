// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace optconf {

/// Paints a confusion matrix: ground truth down, predictions across, "(none)" last on both. The
/// diagonal is shaded green, confusions orange, the "(none)" row and column (false positives on
/// background, missed objects) blue-grey, so the three read apart at a glance. Counts or
/// row-normalised shares; hovering a cell shows its count and share of the row, clicking selects
/// it. Cells keep a readable size and the widget grows: put it in a scroll area for 80 classes.
class ConfusionView final : public QWidget
{
    Q_OBJECT
public:
    explicit ConfusionView(QWidget* parent = nullptr);

    /// `names` without "(none)"; `counts` row-major over names + "(none)".
    void setMatrix(const QStringList& names, std::vector<std::int64_t> counts);
    void setRowNormalised(bool normalised);
    bool rowNormalised() const { return m_normalised; }
    void setSelectedCell(std::optional<std::pair<int, int>> cell);
    std::optional<std::pair<int, int>> selectedCell() const { return m_selected; }

    /// The cell under a point of the widget, or empty.
    std::optional<std::pair<int, int>> cellAt(QPoint position) const;
    /// The centre of a cell, for tests that click it.
    QPoint cellCenter(int row, int column) const;
    /// What the tooltip of a cell says.
    QString cellText(int row, int column) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

signals:
    void cellClicked(int row, int column);
    void cellDoubleClicked(int row, int column);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    int size() const { return static_cast<int>(m_names.size()) + 1; }
    QString label(int index) const;
    std::int64_t count(int row, int column) const;
    std::int64_t rowSum(int row) const;
    void updateGeometryFromContent();

    QStringList m_names;
    std::vector<std::int64_t> m_counts;
    std::vector<std::int64_t> m_rowSums;
    bool m_normalised = false;
    std::optional<std::pair<int, int>> m_selected;
    int m_cell = 36;   ///< cell side in pixels
    int m_margin = 80; ///< width of the row labels and height of the column labels
};

} // namespace optconf
