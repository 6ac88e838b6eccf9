// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/sweep.h"

#include <QChartView>
#include <QTimer>

#include <optional>
#include <vector>

class QAreaSeries;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace optconf {

/// Precision, recall and F1 against confidence over the user's grid, with the exact optimum
/// marked and labelled, the selected threshold as a vertical line and the bounds shaded.
///
/// setCurve() may be called at any rate (a worker streams partial curves); the chart keeps only
/// the latest data and redraws on a single-shot 40 ms timer, each series updated with one
/// replace(), so a 10,000-step grid stays smooth. Undefined precision/recall/F1 points are not drawn.
class CurveChart final : public QChartView
{
    Q_OBJECT
public:
    explicit CurveChart(QWidget* parent = nullptr);

    void setBounds(double lower, double upper);
    /// What the run maximises: the third line and the optimum are of it (F1, or F-beta as "F2"...).
    void setObjective(const Objective& objective);
    /// `subtitle` says what is drawn ("partial: 1,200 of 20,000 images", a class name...).
    void setCurve(const Curve& curve, const QString& subtitle);
    void clearCurve(const QString& subtitle = {});
    /// Says what the curve drawn is without changing it ("all 200,000 images matched: sweeping").
    void setSubtitle(const QString& subtitle);
    void setSelectedThreshold(std::optional<double> threshold);

    /// One class's objective against confidence, for the overlay of every class.
    struct ClassLine
    {
        LabelId label = 0;
        QString name;
        QList<QPointF> points; ///< (threshold, objective) at the grid rows where it is defined
    };
    /// Non-empty: draws these lines instead of precision, recall and the objective (as Ultralytics'
    /// F1_curve.png), `highlighted` drawn thicker; a click on a line emits classClicked. Empty:
    /// back to the curve of setCurve().
    void setOverlay(const std::vector<ClassLine>& lines, std::optional<LabelId> highlighted);
    bool overlayShown() const { return !m_overlay.empty(); }
    /// The overlay's lines, in the order given.
    QList<QLineSeries*> overlaySeries() const;

    /// Most points a series holds. Longer grids are thinned to each bucket's first, lowest,
    /// highest and last point: the drawn envelope (and every extreme) is that of the full grid,
    /// at a cost Qt Charts can stroke within a frame. Tooltips still read the full grid.
    static constexpr int kMaxDrawnPoints = 2400;

    QLineSeries* precisionSeries() const { return m_precision; }
    QLineSeries* recallSeries() const { return m_recall; }
    /// The objective's line: F1, or F-beta when that is the objective.
    QLineSeries* f1Series() const { return m_f1; }
    QScatterSeries* optimumSeries() const { return m_optimum; }
    /// The operating points of the precision/recall targets (empty: none set or none reached).
    void setTargets(const std::vector<Metrics>& points);
    QScatterSeries* targetSeries() const { return m_targets; }
    QString optimumLabel() const;
    /// What the latest setCurve() said it is (drawn at the next redraw).
    QString subtitle() const { return m_subtitle; }
    bool redrawPending() const { return m_redraw.isActive(); }
    /// The grid row the pointer snaps to (crosshair and read-out), if it is over the plot.
    std::optional<Metrics> hoveredRow() const { return m_hovered; }
    QString hoverText() const;
    int redrawCount() const { return m_redraws; }

    /// The bootstrap band of the objective (its percentile interval at each grid threshold, points
    /// (threshold, value)) and the plateau of thresholds within tolerance of the optimum, drawn
    /// behind the curves; empty arguments take them away.
    void setStability(const QList<QPointF>& bandLow, const QList<QPointF>& bandHigh,
                      std::optional<std::pair<double, double>> plateau);
    /// Null until setStability() first drew them.
    QAreaSeries* bandSeries() const { return m_band; }
    QAreaSeries* plateauSeries() const { return m_plateau; }

signals:
    void thresholdClicked(double threshold);
    /// A click within a few pixels of a class's line in the overlay.
    void classClicked(optconf::LabelId label);
    void redrawn();

protected:
    void mousePressEvent(QMouseEvent* event) final;
    void mouseMoveEvent(QMouseEvent* event) final;
    void leaveEvent(QEvent* event) final;
    void resizeEvent(QResizeEvent* event) final;

private:
    void redraw();
    void placeOptimumLabel();
    /// The objective's axis: the ratios' (0 to 1), or, for the cost, its own on the right.
    QValueAxis* objectiveAxis() const;
    /// Puts the objective's series (its line, optimum, targets, band, overlay) on objectiveAxis().
    void attachObjectiveAxis();
    /// The cost axis from 0 to just above the highest cost drawn.
    void fitCostAxis();
    /// Snaps the crosshair to the grid row nearest to `pos` (viewport coordinates); hides it off the plot.
    void hoverAt(const QPointF& pos);
    /// The overlay line nearest to `pos` (viewport coordinates) within `maxPixels`, if any.
    std::optional<LabelId> overlayLineAt(const QPointF& pos, double maxPixels) const;

    struct OverlayEntry
    {
        LabelId label;
        QLineSeries* series;
        QList<QPointF> points;
    };
    std::vector<OverlayEntry> m_overlay;

    QLineSeries* m_precision;
    QLineSeries* m_recall;
    QLineSeries* m_f1;
    QScatterSeries* m_optimum;
    QScatterSeries* m_targets;
    QLineSeries* m_selected;
    QLineSeries* m_boundsLow;
    QLineSeries* m_boundsHigh;
    QAreaSeries* m_bounds;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QValueAxis* m_cost;
    QGraphicsRectItem* m_labelBox;
    QGraphicsSimpleTextItem* m_label;
    QGraphicsLineItem* m_crossV;
    QGraphicsLineItem* m_crossH;
    QGraphicsRectItem* m_hoverBox;
    QGraphicsSimpleTextItem* m_hoverLabel;
    std::optional<Metrics> m_hovered;

    QTimer m_redraw;
    std::vector<Metrics> m_grid;           // what is drawn, for tooltips
    std::optional<Metrics> m_optimumPoint; // exact optimum of what is drawn
    QString m_subtitle;
    double m_lower = 0, m_upper = 1;
    Objective m_objective;
    std::optional<double> m_selectedThreshold;
    int m_redraws = 0;
    QAreaSeries* m_band = nullptr;
    QAreaSeries* m_plateau = nullptr;
};

} // namespace optconf
