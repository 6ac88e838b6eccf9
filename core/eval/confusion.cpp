// SPDX-License-Identifier: MIT
#include "core/eval/confusion.h"
#include "core/eval/image_chunks.h"
#include "core/eval/pair_matching.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace optconf {

namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// First entry kept at `threshold` in a cell sorted by ascending score.
std::size_t firstKept(const std::vector<ConfusionEntry>& entries, double threshold)
{
    return static_cast<std::size_t>(
        std::lower_bound(entries.begin(), entries.end(), threshold,
                         [](const ConfusionEntry& e, double t) { return e.score < t; }) -
        entries.begin());
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}
} // namespace

ConfusionMatrix::ConfusionMatrix(const Dataset& dataset, const LabelField& groundTruth,
                                 const LabelField& predictions, const MatchOptions& options)
{
    // Records by label id first; rows and columns are ordered once every count is known.
    struct Raw
    {
        LabelId row; // label id, or kNone
        LabelId column;
        ConfusionEntry entry;
    };
    constexpr LabelId kNone = std::numeric_limits<LabelId>::max();
    struct Part
    {
        std::vector<Raw> raw;
        std::vector<std::int64_t> objects, predicted;
    };
    auto work = [&](std::size_t first, std::size_t last) {
        Part part{{},
                  std::vector<std::int64_t>(dataset.labels.size(), 0),
                  std::vector<std::int64_t>(dataset.labels.size(), 0)};
        auto& [raw, objects, predicted] = part;
        for (auto image = static_cast<SampleIndex>(first); image < last; ++image) {
            const auto gts = groundTruth.forSample(image);
            const ImageBoxes boxes(dataset, groundTruth, predictions, image, options.protocol);
            const ImagePairs pairs =
                matchImagePairs(dataset, groundTruth, predictions, image, boxes, options, false);
            std::vector<double> takenAt(gts.size(), kNegInf);
            for (const PairedPrediction& p : pairs.predictions) {
                if (p.ignored)
                    continue;
                ++predicted[p.label];
                const ConfusionEntry e{p.score, image, p.object, static_cast<int>(p.index)};
                if (p.object < 0) {
                    raw.push_back({kNone, p.label, e});
                    continue;
                }
                const auto g = static_cast<std::size_t>(p.object);
                takenAt[g] = std::max(takenAt[g], p.score);
                raw.push_back({gts[g].label, p.label, e});
            }
            for (std::size_t g = 0; g < gts.size(); ++g) {
                if (!pairs.counted[g])
                    continue;
                ++objects[gts[g].label];
                raw.push_back({gts[g].label, kNone, {takenAt[g], image, static_cast<int>(g), -1}});
            }
        }
        return part;
    };
    // Chunks appended in image order: the cells hold their entries as one pass in order would.
    std::vector<Raw> raw;
    std::vector<std::int64_t> objects(dataset.labels.size(), 0), predicted(dataset.labels.size(), 0);
    for (Part& part : mapImageChunks<Part>(dataset.samples.size(), work)) {
        raw.insert(raw.end(), part.raw.begin(), part.raw.end());
        for (std::size_t l = 0; l < objects.size(); ++l) {
            objects[l] += part.objects[l];
            predicted[l] += part.predicted[l];
        }
    }

    for (LabelId l = 0; l < dataset.labels.size(); ++l)
        if (objects[l] > 0 || predicted[l] > 0)
            m_labels.push_back(l);
    std::stable_sort(m_labels.begin(), m_labels.end(), [&](LabelId a, LabelId b) {
        return std::tuple(-objects[a], -predicted[a], dataset.labels[a]) <
               std::tuple(-objects[b], -predicted[b], dataset.labels[b]);
    });
    std::vector<std::size_t> position(dataset.labels.size(), 0);
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        position[m_labels[i]] = i;
        m_names.push_back(dataset.labels[m_labels[i]]);
    }
    const std::size_t n = size();
    for (const Raw& r : raw) {
        const std::size_t row = r.row == kNone ? noneIndex() : position[r.row];
        const std::size_t column = r.column == kNone ? noneIndex() : position[r.column];
        m_cells[row * n + column].entries.push_back(r.entry);
    }
    for (auto& [key, cell] : m_cells)
        std::stable_sort(cell.entries.begin(), cell.entries.end(),
                         [](const ConfusionEntry& a, const ConfusionEntry& b) { return a.score < b.score; });
}

const ConfusionMatrix::Cell* ConfusionMatrix::cell(std::size_t row, std::size_t column) const
{
    const auto it = m_cells.find(row * size() + column);
    return it == m_cells.end() ? nullptr : &it->second;
}

std::int64_t ConfusionMatrix::count(std::size_t row, std::size_t column, double threshold) const
{
    const Cell* c = cell(row, column);
    if (!c)
        return 0;
    const std::size_t first = firstKept(c->entries, threshold);
    // A miss cell holds the objects whose best match scores below the threshold.
    if (column == noneIndex())
        return static_cast<std::int64_t>(first);
    return static_cast<std::int64_t>(c->entries.size() - first);
}

std::vector<std::int64_t> ConfusionMatrix::counts(double threshold) const
{
    const std::size_t n = size();
    std::vector<std::int64_t> out(n * n, 0);
    for (const auto& [key, c] : m_cells)
        out[key] = count(key / n, key % n, threshold);
    return out;
}

std::vector<ConfusionEntry> ConfusionMatrix::entries(std::size_t row, std::size_t column,
                                                     double threshold) const
{
    const Cell* c = cell(row, column);
    if (!c)
        return {};
    const std::size_t first = firstKept(c->entries, threshold);
    std::vector<ConfusionEntry> out;
    if (column == noneIndex())
        out.assign(c->entries.begin(), c->entries.begin() + static_cast<std::ptrdiff_t>(first));
    else
        out.assign(c->entries.begin() + static_cast<std::ptrdiff_t>(first), c->entries.end());
    std::reverse(out.begin(), out.end());
    return out;
}

std::vector<ConfusedPair> ConfusionMatrix::mostConfused(double threshold, std::size_t limit) const
{
    std::vector<ConfusedPair> out;
    const std::size_t n = size();
    for (const auto& [key, c] : m_cells) {
        const std::size_t row = key / n, column = key % n;
        if (row == column || row == noneIndex() || column == noneIndex())
            continue;
        const std::int64_t k = count(row, column, threshold);
        if (k > 0)
            out.push_back({row, column, k});
    }
    std::sort(out.begin(), out.end(), [](const ConfusedPair& a, const ConfusedPair& b) {
        return std::tuple(-a.count, a.row, a.column) < std::tuple(-b.count, b.row, b.column);
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

std::string confusionCsv(const ConfusionMatrix& matrix, double threshold)
{
    const std::size_t n = matrix.size();
    auto label = [&](std::size_t i) {
        return i == matrix.noneIndex() ? std::string("(none)") : matrix.names()[i];
    };
    std::string out = "ground_truth\\predicted";
    for (std::size_t c = 0; c < n; ++c)
        out += "," + csvField(label(c));
    out += "\n";
    const std::vector<std::int64_t> counts = matrix.counts(threshold);
    for (std::size_t r = 0; r < n; ++r) {
        out += csvField(label(r));
        for (std::size_t c = 0; c < n; ++c)
            out += "," + std::to_string(counts[r * n + c]);
        out += "\n";
    }
    return out;
}

} // namespace optconf
