// SPDX-License-Identifier: MIT
#include "ui/charts/comparison_chart.h"

#include "render/comparison_report.h"

#include <QChart>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace optconf {

namespace {

/// The curve drawn for one model: the totals, or one class's.
const Curve* curveOf(const EvaluationResult& model, std::optional<LabelId> label)
{
    if (!label)
        return &model.sweep.total;
    const ClassCurve* c = findClass(model.sweep, *label);
    return c ? &c->curve : nullptr;
}

QLineSeries* line(const QColor& colour, Qt::PenStyle style, qreal width)
{
    auto* s = new QLineSeries;
    QPen pen(colour);
    pen.setStyle(style);
    pen.setWidthF(width);
    s->setPen(pen);
    return s;
}

} // namespace

ComparisonChart::ComparisonChart(QWidget* parent)
    : QChartView(parent)
    , m_x(new QValueAxis)
    , m_y(new QValueAxis)
{
    setObjectName(QStringLiteral("comparisonChart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QValueAxis* a : {m_x, m_y}) {
        a->setRange(0, 1);
        a->setTickCount(11);
        a->setLabelFormat(QStringLiteral("%.1f"));
    }
    setChart(chart);
    setMinimumSize(420, 300);
    rebuild();
}

QColor ComparisonChart::modelColour(std::size_t m)
{
    return optconf::modelColour(m); // the reports' colours
}

void ComparisonChart::setComparison(std::shared_ptr<const ComparisonResult> result)
{
    m_result = std::move(result);
    m_class.reset();
    rebuild();
}

void ComparisonChart::clear()
{
    m_result.reset();
    m_class.reset();
    rebuild();
}

void ComparisonChart::setView(View view)
{
    m_view = view;
    rebuild();
}

void ComparisonChart::setPrecisionRecallShown(bool shown)
{
    m_precisionRecall = shown;
    rebuild();
}

void ComparisonChart::setClass(std::optional<LabelId> label)
{
    m_class = label;
    rebuild();
}

QLineSeries* ComparisonChart::f1Series(std::size_t m) const
{
    return m < m_series.size() ? m_series[m].f1 : nullptr;
}

QLineSeries* ComparisonChart::prSeries(std::size_t m) const
{
    return m < m_series.size() ? m_series[m].pr : nullptr;
}

QScatterSeries* ComparisonChart::optimumSeries(std::size_t m) const
{
    return m < m_series.size() ? m_series[m].optimum : nullptr;
}

std::size_t ComparisonChart::modelCount() const
{
    return m_series.size();
}

void ComparisonChart::rebuild()
{
    QChart* c = chart();
    c->removeAllSeries();
    m_series.clear();
    const bool pr = m_view == View::PrecisionRecall;
    m_x->setTitleText(pr ? tr("recall") : tr("confidence threshold"));
    m_y->setTitleText(pr ? tr("precision") : tr("metric"));
    QString scope = tr("all classes");
    if (m_result && m_class)
        for (const ClassComparisonRow& row : m_result->classes)
            if (row.label == *m_class)
                scope = tr("class %1").arg(QString::fromStdString(row.name));
    c->setTitle(!m_result ? tr("Check two or more prediction fields and press Run")
                : pr      ? tr("Precision–recall, %1 (● each model's optimum)").arg(scope)
                : m_precisionRecall
                    ? tr("%1: F1 solid, precision dashed, recall dotted (● optimum)").arg(scope)
                    : tr("%1: F1 (● optimum)").arg(scope));
    if (!m_result)
        return;
    auto attach = [&](QAbstractSeries* s) {
        c->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    };
    for (std::size_t m = 0; m < m_result->models.size(); ++m) {
        const EvaluationResult& model = m_result->models[m];
        const QString name = QString::fromStdString(model.request.predictionField);
        const QColor colour = modelColour(m);
        ModelSeries s;
        const Curve* curve = curveOf(model, m_class);
        s.optimum = new QScatterSeries;
        s.optimum->setColor(colour);
        s.optimum->setBorderColor(Qt::white);
        s.optimum->setMarkerSize(11);
        if (pr) {
            s.pr = line(colour, Qt::SolidLine, 2.2);
            s.pr->setName(name);
            if (curve)
                for (const Metrics& row : curve->grid)
                    if (row.precision && row.recall)
                        s.pr->append(*row.recall, *row.precision);
            if (curve && curve->optimum && curve->optimum->precision && curve->optimum->recall)
                s.optimum->append(*curve->optimum->recall, *curve->optimum->precision);
            attach(s.pr);
        } else {
            s.f1 = line(colour, Qt::SolidLine, 2.4);
            // Beyond two models precision and recall fade, as in the reports: the F1 lines stay on top.
            QColor faded = colour;
            if (m_result->models.size() > 2)
                faded.setAlpha(150);
            s.precision = line(faded, Qt::DashLine, 1.4);
            s.recall = line(faded, Qt::DotLine, 1.6);
            s.f1->setName(name);
            if (curve)
                for (const Metrics& row : curve->grid) {
                    if (row.f1Defined)
                        s.f1->append(row.threshold, row.f1);
                    if (row.precision)
                        s.precision->append(row.threshold, *row.precision);
                    if (row.recall)
                        s.recall->append(row.threshold, *row.recall);
                }
            if (curve && curve->optimum && curve->optimum->f1Defined)
                s.optimum->append(curve->optimum->threshold, curve->optimum->f1);
            if (m_precisionRecall) {
                attach(s.precision);
                attach(s.recall);
            } else {
                delete s.precision;
                delete s.recall;
                s.precision = s.recall = nullptr;
            }
            attach(s.f1);
        }
        attach(s.optimum);
        m_series.push_back(s);
    }
    // One legend entry per model (its F1 or PR line): the line styles are named in the title.
    const auto markers = c->legend()->markers();
    for (QLegendMarker* marker : markers) {
        bool keep = false;
        for (const ModelSeries& s : m_series)
            keep = keep || marker->series() == (pr ? s.pr : s.f1);
        marker->setVisible(keep);
    }
    if (pr)
        m_x->setRange(0, 1);
    else
        m_x->setRange(
            m_result->request.base.sweep.lower,
            std::max(m_result->request.base.sweep.upper, m_result->request.base.sweep.lower + 1e-6));
}

} // namespace optconf
