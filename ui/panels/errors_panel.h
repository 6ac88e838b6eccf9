// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace optconf {

class ScoreHistogramView;

/// The Errors tab: at the selected threshold, TIDE's error types (every false positive exactly one
/// type, plus the misses no typed false positive explains), how much F1 would rise if each kind
/// were fixed, the TP/FP score histogram with the threshold drawn, and the true positives' IoU.
/// For a selected class, its own false positives and misses.
class ErrorsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorsPanel(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ThresholdAnalysis> analysis,
                     std::shared_ptr<const Dataset> dataset, double iouThreshold);
    void setThreshold(double threshold);
    void setSelectedClass(std::optional<LabelId> label);
    void clear(const QString& message);

    QTableWidget* table() const { return m_table; }
    ScoreHistogramView* histogram() const { return m_histogram; }

private:
    void refresh();

    std::shared_ptr<const ThresholdAnalysis> m_analysis;
    std::shared_ptr<const Dataset> m_dataset;
    double m_threshold = 0;
    double m_iou = 0.5;
    std::optional<LabelId> m_class;
    QLabel* m_title;
    QTableWidget* m_table;
    ScoreHistogramView* m_histogram;
    QLabel* m_iouText;
};

} // namespace optconf
