// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"

#include <QChartView>

#include <memory>
#include <optional>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace optconf {

/// Several models' curves on one chart: a colour per model, a line style per metric (F1 solid,
/// precision dashed, recall dotted), each model's optimum marked on its F1 line. In the
/// precision-recall view each model's PR curve, its optimum marked. Either for all classes
/// (micro totals) or one class.
class ComparisonChart final : public QChartView
{
    Q_OBJECT
public:
    enum class View
    {
        AgainstThreshold,
        PrecisionRecall
    };

    explicit ComparisonChart(QWidget* parent = nullptr);

    void setComparison(std::shared_ptr<const ComparisonResult> result);
    void clear();
    void setView(View view);
    /// One class's curves; empty: the totals.
    void setClass(std::optional<LabelId> label);
    /// Draw each model's precision and recall beside its F1 (against the threshold).
    void setPrecisionRecallShown(bool shown);
    bool precisionRecallShown() const { return m_precisionRecall; }

    View view() const { return m_view; }
    std::optional<LabelId> shownClass() const { return m_class; }
    /// The drawn series of model `m` (F1, precision, recall, or the PR line) and its optimum.
    QLineSeries* f1Series(std::size_t m) const;
    QLineSeries* prSeries(std::size_t m) const;
    QScatterSeries* optimumSeries(std::size_t m) const;
    std::size_t modelCount() const;

    /// A colour per model, told apart also by people with the common colour-vision deficiencies.
    static QColor modelColour(std::size_t m);

private:
    struct ModelSeries
    {
        QLineSeries* f1 = nullptr;
        QLineSeries* precision = nullptr;
        QLineSeries* recall = nullptr;
        QLineSeries* pr = nullptr;
        QScatterSeries* optimum = nullptr;
    };
    void rebuild();

    std::shared_ptr<const ComparisonResult> m_result;
    View m_view = View::AgainstThreshold;
    std::optional<LabelId> m_class;
    bool m_precisionRecall = true;
    std::vector<ModelSeries> m_series;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

} // namespace optconf
