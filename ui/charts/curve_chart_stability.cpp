// SPDX-License-Identifier: MIT
// The confidence chart's bootstrap band and plateau: two shaded areas behind the curves.
#include "ui/charts/curve_chart.h"

#include <QAreaSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

namespace optconf {

namespace {

QAreaSeries* makeArea(QChart* chart, QValueAxis* x, QValueAxis* y, const QString& name, const QColor& fill,
                      const QColor& edge)
{
    auto* high = new QLineSeries;
    auto* low = new QLineSeries;
    auto* area = new QAreaSeries(high, low);
    area->setName(name);
    area->setBrush(fill);
    area->setPen(QPen(edge, 1));
    chart->addSeries(area);
    area->attachAxis(x);
    area->attachAxis(y);
    return area;
}

} // namespace

void CurveChart::setStability(const QList<QPointF>& bandLow, const QList<QPointF>& bandHigh,
                              std::optional<std::pair<double, double>> plateau)
{
    if (!m_band) {
        m_plateau = makeArea(chart(), m_x, m_y, tr("Plateau (within tolerance of the optimum)"),
                             QColor(0xd6, 0x27, 0x28, 28), QColor(0xd6, 0x27, 0x28, 90));
        m_band = makeArea(chart(), m_x, objectiveAxis(), tr("Bootstrap band (95 %)"),
                          QColor(0x2c, 0xa0, 0x2c, 60), QColor(0x2c, 0xa0, 0x2c, 0));
    }
    m_band->upperSeries()->replace(bandHigh);
    m_band->lowerSeries()->replace(bandLow);
    m_band->setVisible(!bandHigh.isEmpty());
    if (plateau) {
        m_plateau->upperSeries()->replace({QPointF(plateau->first, 1.0), QPointF(plateau->second, 1.0)});
        m_plateau->lowerSeries()->replace({QPointF(plateau->first, 0.0), QPointF(plateau->second, 0.0)});
    } else {
        m_plateau->upperSeries()->clear();
        m_plateau->lowerSeries()->clear();
    }
    m_plateau->setVisible(plateau.has_value());
    fitCostAxis();
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_band, m_plateau})
        for (QLegendMarker* m : chart()->legend()->markers(s))
            m->setVisible(s->isVisible());
}

} // namespace optconf
