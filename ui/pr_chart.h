// SPDX-License-Identifier: MIT
#pragma once

#include "sweep.h"

#include <QChartView>

#include <optional>
#include <vector>

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

    QLineSeries* curveSeries() const { return m_curve; }
    QScatterSeries* optimumSeries() const { return m_optimum; }
    QScatterSeries* operatingPointSeries() const { return m_selected; }

private:
    QLineSeries* m_curve;
    QScatterSeries* m_optimum;
    QScatterSeries* m_selected;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

} // namespace optconf
