// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"
#include "core/model/id_index.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace optconf {

/// Assembles a Dataset while loaders read their inputs: interns labels, maps the ids each format
/// uses for images and categories to indices, and collects each field's detections in file
/// order before laying them out per sample.
class DatasetBuilder
{
public:
    class FieldBuilder
    {
    public:
        void add(SampleIndex sample, const Detection& d)
        {
            m_sampleOf.push_back(sample);
            m_items.push_back(d);
        }
        void reserve(std::size_t n)
        {
            m_sampleOf.reserve(n);
            m_items.reserve(n);
        }
        /// Appends detections read elsewhere (by a parallel loader, in file order) without
        /// copying them: `samples[k]` is the sample of `items[k]`.
        void append(std::vector<SampleIndex>&& samples, std::vector<Detection>&& items);
        std::size_t size() const { return m_items.size() + m_segmentItems; }

    private:
        friend class DatasetBuilder;
        struct Segment
        {
            std::vector<SampleIndex> sampleOf;
            std::vector<Detection> items;
        };
        std::string m_name, m_format, m_source;
        std::vector<Segment> m_segments; // appended blocks, in order, before m_sampleOf/m_items
        std::size_t m_segmentItems = 0;
        std::vector<SampleIndex> m_sampleOf;
        std::vector<Detection> m_items;
    };

    SampleIndex addSample(Sample s);
    /// Adds a sample unless one with the same id exists (then nullopt, and `s` is left as it was):
    /// one lookup for both.
    std::optional<SampleIndex> addSampleIfNew(Sample&& s);
    /// Room for this many samples, so a large image list does not rehash its id maps as it grows.
    void reserveSamples(std::size_t n);
    std::size_t sampleCount() const { return m_samples.size(); }
    const Sample& sample(SampleIndex i) const { return m_samples[i]; }
    std::optional<SampleIndex> findSampleById(std::string_view id) const;
    std::optional<SampleIndex> findSampleByNumericId(std::int64_t id) const;
    /// Matches "dir/name.jpg", "name.jpg" and "name" against samples' file names and ids.
    std::optional<SampleIndex> findSampleByStem(std::string_view nameOrStem) const;

    LabelId label(std::string_view name);
    const std::vector<std::string>& labels() const { return m_labels; }
    /// Gives a label another name (a YOLO ground truth's class "0" the name its predictions give
    /// class 0). False, and nothing changed, when another label has that name already.
    bool renameLabel(LabelId id, std::string_view name);
    /// Marks the labels so far as the ground truth's (the sample-defining input is read first).
    void groundTruthRead() { m_groundTruthLabels = m_labels.size(); }
    /// Whether the ground truth has a class of this name; true before groundTruthRead().
    bool groundTruthHasLabel(std::string_view name) const;

    /// Format-specific category ids (COCO category_id, YOLO class index) mapped to labels. A label's
    /// first id is also its id in the dataset (Dataset::labelSourceIds).
    void setCategory(std::int64_t id, LabelId label);
    std::optional<LabelId> category(std::int64_t id) const;
    bool hasCategories() const { return !m_categories.empty(); }

    /// Starts a new field. A name already taken gets a numeric suffix; the final name is returned.
    FieldBuilder& addField(std::string name, std::string format, std::string source);
    bool hasField(std::string_view name) const;

    /// Names of the sample-defining input, so a second one can be refused.
    std::string samplesSource;
    /// The units of the boxes read (the sample-defining input's), handed to the dataset.
    BoxUnits boxUnits = BoxUnits::Unknown;

    /// A YOLO ground truth's class names by index, and the file they came from; `names` is empty
    /// when it had no names file (its classes are then named by their indices). Unset when the
    /// ground truth is not YOLO. YOLO prediction folders number their classes against it.
    struct IndexedClassNames
    {
        std::map<std::int64_t, std::string> names;
        std::string file;
    };
    std::optional<IndexedClassNames> yoloGroundTruthClasses;

    Dataset build() &&;

private:
    /// Lets the id map be searched with a string_view, without a std::string per lookup.
    struct StringHash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    /// Appends a sample whose id is in m_byId already: its numeric id, the list, the stem cache.
    SampleIndex store(Sample&& s);

    std::vector<Sample> m_samples;
    std::unordered_map<std::string, SampleIndex, StringHash, std::equal_to<>> m_byId;
    IdIndex m_byNumericId;
    mutable std::unordered_map<std::string, SampleIndex> m_byStem; // built on first use
    std::vector<std::string> m_labels;
    std::unordered_map<std::string, LabelId> m_labelIds;
    std::optional<std::size_t> m_groundTruthLabels;
    IdIndex m_categories;
    std::vector<std::optional<std::int64_t>> m_labelSourceIds; // by label, the first category id given
    std::deque<FieldBuilder> m_fields; // deque: addField hands out references that must stay valid
};

} // namespace optconf
