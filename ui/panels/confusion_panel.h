// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/threshold_analysis.h"

#include <QWidget>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace optconf {

class ConfusionView;

/// The Confusion tab: the matrix at the selected threshold (class-agnostic matching at the run's
/// IoU, classes by frequency, "(none)" last), counts or row-normalised, the most confused pairs
/// beside it, and the images of a clicked cell. Follows the threshold live: each cell is a binary
/// search in the analysis, nothing is matched again.
class ConfusionPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ConfusionPanel(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const ThresholdAnalysis> analysis,
                     std::shared_ptr<const Dataset> dataset);
    void setThreshold(double threshold);
    /// No analysis to show (yet): says why.
    void clear(const QString& message);

    ConfusionView* view() const { return m_view; }
    QListWidget* cellImages() const { return m_cellImages; }
    QPushButton* showInImagesButton() const { return m_showInImages; }
    /// The images of the selected cell, each once, in the order of their highest-scoring entry.
    std::vector<SampleIndex> selectedImages() const;
    QListWidget* mostConfused() const { return m_pairs; }
    QCheckBox* rowNormalisedToggle() const { return m_normalised; }
    /// The objects and predictions of the selected cell at the threshold (empty without one).
    std::vector<ConfusionEntry> selectedEntries() const;
    const ThresholdAnalysis* analysis() const { return m_analysis.get(); }
    std::shared_ptr<const ThresholdAnalysis> sharedAnalysis() const { return m_analysis; }

signals:
    /// A cell was clicked or picked from the most-confused list: its row and column.
    void cellSelected(int row, int column);
    /// The selected cell's images asked for in the gallery (a double-click on the cell, or the
    /// button under its list): the images and the objects and predictions to point out.
    void imagesRequested(const std::vector<optconf::SampleIndex>& images,
                         const std::vector<optconf::ConfusionEntry>& entries, const QString& caption);

private:
    void refresh();
    void selectCell(int row, int column);
    void showCellImages();
    void requestImages();

    std::shared_ptr<const ThresholdAnalysis> m_analysis;
    std::shared_ptr<const Dataset> m_dataset;
    double m_threshold = 0;
    ConfusionView* m_view;
    QLabel* m_title;
    QCheckBox* m_normalised;
    QListWidget* m_pairs;
    QLabel* m_cellTitle;
    QListWidget* m_cellImages;
    QPushButton* m_showInImages;
};

} // namespace optconf
