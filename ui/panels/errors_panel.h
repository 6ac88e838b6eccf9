// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QTableWidget;

namespace optconf {

class IouCurvesView;
class ScoreHistogramView;

/// The Errors tab: at the selected threshold, TIDE's error types (every false positive exactly one
/// type, plus the misses no typed false positive explains), how much F1 would rise if each kind
/// were fixed, the TP/FP score histogram with the threshold drawn, and the true positives' IoU.
/// For a selected class, its own false positives and misses, and its own F1 if each were fixed.
/// Beside them: TP/FP/FN and F1 per COCO object size, F1 against the threshold at IoU 0.5, 0.75
/// and 0.5:0.95, and a table of every class's F1 and F1 gains (a row click selects the class).
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
    QTableWidget* sizeTable() const { return m_sizes; }
    QTableWidget* classTable() const { return m_classes; }
    ScoreHistogramView* histogram() const { return m_histogram; }
    IouCurvesView* iouCurves() const { return m_iouCurves; }
    std::optional<LabelId> selectedClass() const { return m_class; }

private:
    void refresh();
    void refreshSizes();
    void refreshClasses();
    void showClassRow(int row);

    std::shared_ptr<const ThresholdAnalysis> m_analysis;
    std::shared_ptr<const Dataset> m_dataset;
    double m_threshold = 0;
    double m_iou = 0.5;
    std::optional<LabelId> m_class;
    QLabel* m_title;
    QTableWidget* m_table;
    ScoreHistogramView* m_histogram;
    QLabel* m_iouText;
    QTableWidget* m_sizes;
    IouCurvesView* m_iouCurves;
    QTableWidget* m_classes;
};

} // namespace optconf
