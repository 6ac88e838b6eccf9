// SPDX-License-Identifier: MIT
#pragma once

#include "sweep.h"

#include <QChartView>

#include <optional>

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

    void setCurve(const Curve& curve, const QString& subtitle);
    void clearCurve();
    void setOperatingPoint(const std::optional<Metrics>& selected);

    QLineSeries* curveSeries() const { return m_curve; }
    QScatterSeries* operatingPointSeries() const { return m_selected; }

private:
    QLineSeries* m_curve;
    QScatterSeries* m_optimum;
    QScatterSeries* m_selected;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

} // namespace optconf
