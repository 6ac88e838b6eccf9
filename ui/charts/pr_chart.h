// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/sweep.h"

#include <QChartView>

#include <optional>
#include <vector>

class QGraphicsEllipseItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace optconf {

/// Precision against recall over every distinct score (the exact curve), with the optimum and
/// the selected operating point marked.
class PrChart final : public QChartView
{
    Q_OBJECT
public:
    explicit PrChart(QWidget* parent = nullptr);

    /// `rows`: exact rows in ascending threshold order (Curve::exact or exactRows()); more than
    /// kMaxDrawnPoints are thinned to every n-th row, the first and the last always kept.
    void setCurve(const std::vector<Metrics>& rows, const std::optional<Metrics>& optimum,
                  const QString& subtitle);
    void clearCurve();
    void setOperatingPoint(const std::optional<Metrics>& selected);

    static constexpr std::size_t kMaxDrawnPoints = 2000;

    /// The drawn row nearest to the pointer (within a few pixels), if any.
    std::optional<Metrics> hoveredRow() const { return m_hovered; }
    QString hoverText() const;

    QLineSeries* curveSeries() const { return m_curve; }
    QScatterSeries* optimumSeries() const { return m_optimum; }
    /// The operating points of the precision/recall targets (empty: none set or none reached).
    void setTargets(const std::vector<Metrics>& points);
    QScatterSeries* targetSeries() const { return m_targets; }
    QScatterSeries* operatingPointSeries() const { return m_selected; }

signals:
    /// A click on the curve: the threshold of the row under the pointer.
    void thresholdClicked(double threshold);

protected:
    void mouseMoveEvent(QMouseEvent* event) final;
    void mousePressEvent(QMouseEvent* event) final;
    void leaveEvent(QEvent* event) final;

private:
    std::optional<Metrics> rowAt(const QPointF& pos) const;
    void hoverAt(const QPointF& pos);

    std::vector<Metrics> m_drawn; ///< the rows behind the line's points, in order
    std::optional<Metrics> m_hovered;
    QGraphicsEllipseItem* m_hoverDot;
    QGraphicsRectItem* m_hoverBox;
    QGraphicsSimpleTextItem* m_hoverLabel;
    QLineSeries* m_curve;
    QScatterSeries* m_optimum;
    QScatterSeries* m_targets;
    QScatterSeries* m_selected;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

} // namespace optconf
