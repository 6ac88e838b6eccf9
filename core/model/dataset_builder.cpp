// SPDX-License-Identifier: MIT
#include "core/model/dataset_builder.h"

#include <charconv>
#include <filesystem>

namespace optconf {

SampleIndex DatasetBuilder::store(Sample&& s)
{
    const auto index = static_cast<SampleIndex>(m_samples.size());
    std::int64_t numeric = 0;
    const char* end = s.id.data() + s.id.size();
    if (auto [ptr, ec] = std::from_chars(s.id.data(), end, numeric); ec == std::errc() && ptr == end)
        m_byNumericId.emplace(numeric, index);
    m_samples.push_back(std::move(s));
    if (!m_byStem.empty())
        m_byStem.clear();
    return index;
}

SampleIndex DatasetBuilder::addSample(Sample s)
{
    m_byId.emplace(s.id, static_cast<SampleIndex>(m_samples.size()));
    return store(std::move(s));
}

std::optional<SampleIndex> DatasetBuilder::addSampleIfNew(Sample&& s)
{
    if (!m_byId.emplace(s.id, static_cast<SampleIndex>(m_samples.size())).second)
        return std::nullopt;
    return store(std::move(s));
}

void DatasetBuilder::reserveSamples(std::size_t n)
{
    m_samples.reserve(m_samples.size() + n);
    m_byId.reserve(m_byId.size() + n);
    m_byNumericId.reserve(n);
}

std::optional<SampleIndex> DatasetBuilder::findSampleById(std::string_view id) const
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? std::nullopt : std::optional<SampleIndex>(it->second);
}

std::optional<SampleIndex> DatasetBuilder::findSampleByNumericId(std::int64_t id) const
{
    return m_byNumericId.find(id);
}

std::optional<SampleIndex> DatasetBuilder::findSampleByStem(std::string_view nameOrStem) const
{
    if (m_byStem.empty()) {
        for (SampleIndex i = 0; i < m_samples.size(); ++i) {
            const std::filesystem::path file(m_samples[i].fileName);
            m_byStem.emplace(m_samples[i].fileName, i);
            m_byStem.emplace(file.filename().string(), i);
            m_byStem.emplace(file.stem().string(), i);
            m_byStem.emplace(m_samples[i].id, i);
        }
    }
    const std::filesystem::path query{std::string(nameOrStem)};
    for (const std::string& key :
         {std::string(nameOrStem), query.filename().string(), query.stem().string()}) {
        auto it = m_byStem.find(key);
        if (it != m_byStem.end())
            return it->second;
    }
    return std::nullopt;
}

void DatasetBuilder::FieldBuilder::append(std::vector<SampleIndex>&& samples, std::vector<Detection>&& items)
{
    if (!m_items.empty()) { // keep file order: what add() collected so far comes first
        m_segmentItems += m_items.size();
        m_segments.push_back({std::move(m_sampleOf), std::move(m_items)});
        m_sampleOf = {};
        m_items = {};
    }
    m_segmentItems += items.size();
    m_segments.push_back({std::move(samples), std::move(items)});
}

LabelId DatasetBuilder::label(std::string_view name)
{
    auto it = m_labelIds.find(std::string(name));
    if (it != m_labelIds.end())
        return it->second;
    const auto id = static_cast<LabelId>(m_labels.size());
    m_labels.emplace_back(name);
    m_labelIds.emplace(std::string(name), id);
    return id;
}

bool DatasetBuilder::renameLabel(LabelId id, std::string_view name)
{
    if (m_labels[id] == name)
        return true;
    if (m_labelIds.find(std::string(name)) != m_labelIds.end())
        return false;
    m_labelIds.erase(m_labels[id]);
    m_labels[id] = std::string(name);
    m_labelIds.emplace(std::string(name), id);
    return true;
}

bool DatasetBuilder::groundTruthHasLabel(std::string_view name) const
{
    if (!m_groundTruthLabels)
        return true;
    auto it = m_labelIds.find(std::string(name));
    return it != m_labelIds.end() && it->second < *m_groundTruthLabels;
}

void DatasetBuilder::setCategory(std::int64_t id, LabelId label)
{
    m_categories.assign(id, label);
    if (m_labelSourceIds.size() <= label)
        m_labelSourceIds.resize(label + 1);
    if (!m_labelSourceIds[label])
        m_labelSourceIds[label] = id;
}

std::optional<LabelId> DatasetBuilder::category(std::int64_t id) const
{
    return m_categories.find(id);
}

bool DatasetBuilder::hasField(std::string_view name) const
{
    for (const FieldBuilder& f : m_fields)
        if (f.m_name == name)
            return true;
    return false;
}

DatasetBuilder::FieldBuilder& DatasetBuilder::addField(std::string name, std::string format,
                                                       std::string source)
{
    std::string unique = name;
    for (int n = 2; hasField(unique); ++n)
        unique = name + "_" + std::to_string(n);
    FieldBuilder& f = m_fields.emplace_back();
    f.m_name = std::move(unique);
    f.m_format = std::move(format);
    f.m_source = std::move(source);
    return f;
}

Dataset DatasetBuilder::build() &&
{
    Dataset d;
    const std::size_t n = m_samples.size();
    for (FieldBuilder& f : m_fields) {
        LabelField field;
        field.name = std::move(f.m_name);
        field.format = std::move(f.m_format);
        field.source = std::move(f.m_source);
        // Counting sort by sample keeps each sample's detections in file order.
        if (!f.m_items.empty()) {
            f.m_segmentItems += f.m_items.size();
            f.m_segments.push_back({std::move(f.m_sampleOf), std::move(f.m_items)});
        }
        f.m_items = {};
        f.m_sampleOf = {};
        field.offsets.assign(n + 1, 0);
        bool inSampleOrder = true; // results files are usually grouped by image, in image order
        SampleIndex previous = 0;
        for (const auto& segment : f.m_segments)
            for (SampleIndex s : segment.sampleOf) {
                ++field.offsets[s + 1];
                inSampleOrder = inSampleOrder && s >= previous;
                previous = s;
            }
        for (std::size_t i = 0; i < n; ++i)
            field.offsets[i + 1] += field.offsets[i];
        if (inSampleOrder && f.m_segments.size() == 1) {
            // One block of detections already in layout order (a results file read whole): taken
            // as it is, without a copy.
            field.detections = std::move(f.m_segments.front().items);
            f.m_segments.front() = {};
        } else {
            field.detections.resize(f.m_segmentItems);
            std::vector<std::uint32_t> cursor(field.offsets.begin(), field.offsets.end() - 1);
            for (auto& segment : f.m_segments) {
                for (std::size_t k = 0; k < segment.items.size(); ++k)
                    field.detections[cursor[segment.sampleOf[k]]++] = segment.items[k];
                segment = {}; // release each block as soon as it is placed
            }
        }
        f.m_segments = {};
        f.m_segmentItems = 0;
        d.fields.push_back(std::move(field));
    }
    d.samples = std::move(m_samples);
    d.labels = std::move(m_labels);
    d.labelSourceIds = std::move(m_labelSourceIds);
    d.labelSourceIds.resize(d.labels.size());
    d.boxUnits = boxUnits;
    return d;
}

} // namespace optconf
