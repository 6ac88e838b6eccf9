// SPDX-License-Identifier: MIT
#include "pr_chart.h"

#include "format.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace optconf {

PrChart::PrChart(QWidget* parent)
    : QChartView(parent)
    , m_curve(new QLineSeries)
    , m_optimum(new QScatterSeries)
    , m_selected(new QScatterSeries)
    , m_x(new QValueAxis)
    , m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("prChart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setTitle(tr("Precision against recall"));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    setChart(chart);
    m_curve->setName(tr("Precision–recall (every distinct score)"));
    m_curve->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2, Qt::SolidLine, Qt::FlatCap, Qt::BevelJoin));
    m_optimum->setName(tr("Optimum"));
    m_optimum->setColor(QColor(0xd6, 0x27, 0x28));
    m_optimum->setMarkerSize(12);
    m_selected->setName(tr("Selected threshold"));
    // A hollow square drawn under the optimum's dot: both stay visible when they coincide.
    m_selected->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_selected->setColor(Qt::transparent);
    m_selected->setBorderColor(QColor(0x33, 0x33, 0x33));
    m_selected->setPen(QPen(QColor(0x33, 0x33, 0x33), 2));
    m_selected->setMarkerSize(18);
    m_x->setTitleText(tr("Recall"));
    m_y->setTitleText(tr("Precision"));
    for (QValueAxis* a : {m_x, m_y}) {
        a->setRange(0.0, 1.0);
        a->setTickCount(6);
        a->setLabelFormat(QStringLiteral("%.1f"));
    }
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{m_curve, m_selected, m_optimum}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
}

void PrChart::setCurve(const std::vector<Metrics>& rows, const std::optional<Metrics>& optimum,
                       const QString& subtitle)
{
    // Beyond kMaxDrawnPoints the line keeps every n-th row: a screen cannot show more, and a PR
    // line of a million points would stall the GUI.
    const std::size_t n = rows.size();
    const std::size_t stride = n > kMaxDrawnPoints ? (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints : 1;
    QList<QPointF> points;
    points.reserve(static_cast<qsizetype>(n / stride + 2));
    for (std::size_t i = 0; i < n; ++i) {
        const Metrics& m = rows[i];
        if ((i % stride == 0 || i + 1 == n) && m.precision && m.recall)
            points.append(QPointF(*m.recall, *m.precision));
    }
    m_curve->replace(points);
    if (optimum && optimum->precision && optimum->recall)
        m_optimum->replace({QPointF(*optimum->recall, *optimum->precision)});
    else
        m_optimum->clear();
    chart()->setTitle(subtitle.isEmpty() ? tr("Precision against recall")
                                         : tr("Precision against recall — %1").arg(subtitle));
}

void PrChart::clearCurve()
{
    m_curve->clear();
    m_optimum->clear();
    m_selected->clear();
    chart()->setTitle(tr("Precision against recall"));
}

void PrChart::setOperatingPoint(const std::optional<Metrics>& m)
{
    if (m && m->precision && m->recall)
        m_selected->replace({QPointF(*m->recall, *m->precision)});
    else
        m_selected->clear();
}

} // namespace optconf
