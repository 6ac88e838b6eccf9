// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/confusion.h"
#include "core/eval/evaluation.h"
#include "core/eval/image_status.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;

namespace optconf {

class GalleryModel;
class ImageSource;
class ImageViewer;
class ThumbnailDelegate;

/// The Images tab: every image of the run as a thumbnail with its boxes coloured by what they are
/// at the selected threshold and its TP / FP / FN; sorted (most errors, most false positives, most
/// misses, lowest F1, file name) and filtered (class, error type). Double-click opens the image
/// large. The per-box statuses come from an ImageStatusIndex built in a worker after each run.
class ImagesPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ImagesPanel(QWidget* parent = nullptr);
    ~ImagesPanel() override;

    /// The dataset is the simulator's (the bundled example): its images, which are no files, are
    /// painted from its ground truth. Applies from the next setResult().
    void setSimulated(bool simulated) { m_simulated = simulated; }
    /// A new run (or none): rebuilds the statuses in the background.
    void setResult(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const EvaluationResult> result);
    void setThreshold(double threshold);
    /// The selected class: its images, its boxes, its counts; empty for all classes.
    void setSelectedClass(std::optional<LabelId> label);
    /// Lists only these images (a confusion-matrix cell's, say) until the user clears it, every
    /// one of them (the error and class filters reset), `highlighted` boxes pointed out.
    void showImages(std::vector<SampleIndex> samples, const QString& caption,
                    const std::vector<std::pair<BoxRole, std::uint32_t>>& highlighted = {});
    /// A confusion-matrix cell's images, its objects and predictions (`entries`) pointed out.
    void showConfusionCell(std::vector<SampleIndex> samples, const std::vector<ConfusionEntry>& entries,
                           const QString& caption);
    /// Opens the viewer on `sample` (shown in the gallery first when filtered out).
    void openImage(SampleIndex sample);

    GalleryModel* model() const { return m_model; }
    QListView* view() const { return m_view; }
    QComboBox* sortBox() const { return m_sort; }
    QComboBox* errorBox() const { return m_errors; }
    QComboBox* classBox() const { return m_classes; }
    ImageViewer* viewer() const { return m_viewer; }
    ImageSource* imageSource() const { return m_images; }
    QLabel* summary() const { return m_summary; }
    /// True once the statuses of the current result are ready.
    bool isReady() const;

    /// The user's image folder for a dataset whose ground truth came from `source`.
    static QString savedImageFolder(const QString& source);

signals:
    /// The statuses of a new result are ready (the gallery lists its images).
    void ready();

private:
    void onIndexBuilt();
    void updateSummary();
    void chooseFolder();
    void resolveFolders();
    void openRow(int row);

    GalleryModel* m_model;
    ImageSource* m_images;
    ThumbnailDelegate* m_delegate;
    QListView* m_view;
    QComboBox* m_sort;
    QComboBox* m_errors;
    QComboBox* m_classes;
    QPushButton* m_folder;
    QPushButton* m_clearSubset;
    QLabel* m_summary;
    ImageViewer* m_viewer;

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const EvaluationResult> m_result;
    QFutureWatcher<std::shared_ptr<const ImageStatusIndex>> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QString m_subsetCaption;
    /// Images asked for before the statuses were ready: shown once they are.
    struct PendingSubset
    {
        std::vector<SampleIndex> samples;
        QString caption;
        std::vector<std::pair<BoxRole, std::uint32_t>> highlighted;
    };
    std::optional<PendingSubset> m_pending;
    bool m_simulated = false;
};

} // namespace optconf
