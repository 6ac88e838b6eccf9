// SPDX-License-Identifier: MIT
#include "ui/images/gallery_model.h"

#include <QString>

#include <algorithm>

namespace optconf {

namespace {
/// F1 of one image; images with nothing to count (undefined F1) sort after every defined one.
double f1Of(const Counts& c)
{
    const auto denominator = 2 * c.tp + c.fp + c.fn;
    return denominator == 0 ? 2.0 : 2.0 * double(c.tp) / double(denominator);
}
} // namespace

GalleryModel::GalleryModel(QObject* parent)
    : QAbstractListModel(parent)
{}

void GalleryModel::setIndex(std::shared_ptr<const Dataset> dataset,
                            std::shared_ptr<const ImageStatusIndex> index)
{
    beginResetModel();
    m_dataset = std::move(dataset);
    m_index = std::move(index);
    m_subset.reset();
    m_highlighted.clear();
    m_counts = m_index ? m_index->allCounts(m_threshold, m_label) : std::vector<Counts>{};
    m_rows = listed();
    endResetModel();
}

void GalleryModel::clear()
{
    setIndex(nullptr, nullptr);
}

void GalleryModel::setThreshold(double threshold)
{
    if (threshold == m_threshold)
        return;
    m_threshold = threshold;
    rebuild();
}

void GalleryModel::setLabel(std::optional<LabelId> label)
{
    if (label == m_label)
        return;
    m_label = label;
    rebuild();
}

void GalleryModel::setSort(Sort sort)
{
    if (sort == m_sort)
        return;
    m_sort = sort;
    rebuild();
}

void GalleryModel::setErrorFilter(ErrorFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    rebuild();
}

void GalleryModel::setSubset(std::optional<std::vector<SampleIndex>> subset)
{
    m_subset = std::move(subset);
    rebuild();
}

namespace {
std::uint64_t highlightKey(BoxRole role, std::uint32_t detection)
{
    return (std::uint64_t(role) << 32) | detection;
}
} // namespace

void GalleryModel::setHighlighted(const std::vector<std::pair<BoxRole, std::uint32_t>>& boxes)
{
    m_highlighted.clear();
    for (const auto& [role, detection] : boxes)
        m_highlighted.insert(highlightKey(role, detection));
}

bool GalleryModel::isHighlighted(const ImageBox& box) const
{
    return m_highlighted.contains(highlightKey(box.role, box.detection));
}

void GalleryModel::rebuild()
{
    if (!m_index)
        return;
    // A layout change, not a reset: the views keep their selection and current image.
    emit layoutAboutToBeChanged();
    const QModelIndexList persistent = persistentIndexList();
    std::vector<SampleIndex> persistentSamples;
    persistentSamples.reserve(static_cast<std::size_t>(persistent.size()));
    for (const QModelIndex& i : persistent)
        persistentSamples.push_back(m_rows[static_cast<std::size_t>(i.row())]);
    m_counts = m_index->allCounts(m_threshold, m_label);
    m_rows = listed();
    QModelIndexList moved;
    moved.reserve(persistent.size());
    for (const SampleIndex s : persistentSamples) {
        const int row = rowOf(s);
        moved.append(row < 0 ? QModelIndex() : index(row));
    }
    changePersistentIndexList(persistent, moved);
    emit layoutChanged();
}

std::vector<SampleIndex> GalleryModel::listed() const
{
    std::vector<SampleIndex> rows;
    if (!m_index)
        return rows;
    auto keep = [&](SampleIndex s) {
        const Counts& c = m_counts[s];
        if (m_label && !m_index->hasLabel(s, *m_label))
            return false;
        switch (m_filter) {
        case ErrorFilter::All:
            return true;
        case ErrorFilter::HasErrors:
            return c.fp + c.fn > 0;
        case ErrorFilter::FalsePositives:
            return c.fp > 0;
        case ErrorFilter::Misses:
            return c.fn > 0;
        }
        return true;
    };
    if (m_subset) {
        for (SampleIndex s : *m_subset)
            if (s < m_counts.size() && keep(s))
                rows.push_back(s);
    } else {
        for (std::size_t s = 0; s < m_counts.size(); ++s)
            if (keep(static_cast<SampleIndex>(s)))
                rows.push_back(static_cast<SampleIndex>(s));
    }
    const auto& samples = m_dataset->samples;
    auto byName = [&](SampleIndex a, SampleIndex b) {
        const auto& na = samples[a].fileName.empty() ? samples[a].id : samples[a].fileName;
        const auto& nb = samples[b].fileName.empty() ? samples[b].id : samples[b].fileName;
        return na != nb ? na < nb : a < b;
    };
    // Ties keep the file order (stable sort over ascending sample indices).
    switch (m_sort) {
    case Sort::MostErrors:
        std::stable_sort(rows.begin(), rows.end(), [&](SampleIndex a, SampleIndex b) {
            return m_counts[a].fp + m_counts[a].fn > m_counts[b].fp + m_counts[b].fn;
        });
        break;
    case Sort::MostFalsePositives:
        std::stable_sort(rows.begin(), rows.end(),
                         [&](SampleIndex a, SampleIndex b) { return m_counts[a].fp > m_counts[b].fp; });
        break;
    case Sort::MostMisses:
        std::stable_sort(rows.begin(), rows.end(),
                         [&](SampleIndex a, SampleIndex b) { return m_counts[a].fn > m_counts[b].fn; });
        break;
    case Sort::LowestF1:
        std::stable_sort(rows.begin(), rows.end(),
                         [&](SampleIndex a, SampleIndex b) { return f1Of(m_counts[a]) < f1Of(m_counts[b]); });
        break;
    case Sort::FileName:
        std::sort(rows.begin(), rows.end(), byName);
        break;
    }
    return rows;
}

int GalleryModel::rowOf(SampleIndex sample) const
{
    const auto it = std::find(m_rows.begin(), m_rows.end(), sample);
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

Counts GalleryModel::listedTotal() const
{
    Counts total;
    for (const SampleIndex s : m_rows) {
        total.tp += m_counts[s].tp;
        total.fp += m_counts[s].fp;
        total.fn += m_counts[s].fn;
    }
    return total;
}

int GalleryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const SampleIndex s = m_rows[static_cast<std::size_t>(index.row())];
    const Counts& c = m_counts[s];
    const Sample& sample = m_dataset->samples[s];
    switch (role) {
    case Qt::DisplayRole:
        return QString::fromStdString(sample.fileName.empty() ? sample.id : sample.fileName);
    case Qt::ToolTipRole:
        return tr("%1\nTP %2 · FP %3 · FN %4 at %5")
            .arg(QString::fromStdString(sample.fileName.empty() ? sample.id : sample.fileName))
            .arg(c.tp)
            .arg(c.fp)
            .arg(c.fn)
            .arg(m_threshold, 0, 'f', 3);
    case SampleRole:
        return static_cast<uint>(s);
    case TruePositivesRole:
        return static_cast<qlonglong>(c.tp);
    case FalsePositivesRole:
        return static_cast<qlonglong>(c.fp);
    case MissedRole:
        return static_cast<qlonglong>(c.fn);
    default:
        return {};
    }
}

} // namespace optconf
