// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/image_status.h"

#include <QAbstractListModel>

#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

namespace optconf {

/// The images of a run as a list: each one's TP / FP / FN at the selected threshold (of the
/// selected class), sorted and filtered. A threshold or class change recomputes the counts from
/// the ImageStatusIndex (no re-run) and keeps the selection on the same images.
class GalleryModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        SampleRole = Qt::UserRole, ///< SampleIndex
        TruePositivesRole,
        FalsePositivesRole,
        MissedRole,
    };
    enum class Sort
    {
        MostErrors,
        MostFalsePositives,
        MostMisses,
        LowestF1,
        FileName,
    };
    enum class ErrorFilter
    {
        All,
        HasErrors,
        FalsePositives,
        Misses,
    };

    explicit GalleryModel(QObject* parent = nullptr);

    void setIndex(std::shared_ptr<const Dataset> dataset, std::shared_ptr<const ImageStatusIndex> index);
    void clear();
    void setThreshold(double threshold);
    /// Counts, drawn boxes and the images listed are of this class; empty for all.
    void setLabel(std::optional<LabelId> label);
    void setSort(Sort sort);
    void setErrorFilter(ErrorFilter filter);
    /// Only these images (a confusion-matrix cell's, say); empty for every image.
    void setSubset(std::optional<std::vector<SampleIndex>> subset);
    /// Boxes the views point out (each as its role and index in its field), until the next call.
    void setHighlighted(const std::vector<std::pair<BoxRole, std::uint32_t>>& boxes);
    bool isHighlighted(const ImageBox& box) const;
    bool hasHighlights() const { return !m_highlighted.empty(); }

    double threshold() const { return m_threshold; }
    std::optional<LabelId> label() const { return m_label; }
    Sort sort() const { return m_sort; }
    ErrorFilter errorFilter() const { return m_filter; }
    bool hasSubset() const { return m_subset.has_value(); }

    const Dataset* dataset() const { return m_dataset.get(); }
    const ImageStatusIndex* statusIndex() const { return m_index.get(); }
    SampleIndex sampleAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// The row of `sample`, or -1 when it is filtered out.
    int rowOf(SampleIndex sample) const;
    Counts countsOf(SampleIndex sample) const { return m_counts[sample]; }
    /// Sums of the counts over the images listed.
    Counts listedTotal() const;
    std::size_t imageCount() const { return m_counts.size(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    void rebuild();
    std::vector<SampleIndex> listed() const;

    std::shared_ptr<const Dataset> m_dataset;
    std::shared_ptr<const ImageStatusIndex> m_index;
    std::vector<Counts> m_counts; ///< per image, at m_threshold, of m_label
    std::vector<SampleIndex> m_rows;
    std::optional<std::vector<SampleIndex>> m_subset;
    std::unordered_set<std::uint64_t> m_highlighted; ///< role << 32 | detection
    double m_threshold = 0.5;
    std::optional<LabelId> m_label;
    Sort m_sort = Sort::MostErrors;
    ErrorFilter m_filter = ErrorFilter::All;
};

} // namespace optconf
