// SPDX-License-Identifier: MIT
#include "core/eval/weighted_optima.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

namespace optconf {

namespace {

using Kind = ImageEvents::Kind;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A packed event's word: the counter it adds to, two precomputed facts about it, where it lies
// among the events of its score, and its count.
constexpr std::uint32_t kSlotMask = 7;  ///< WeightedOptima::Slot
constexpr std::uint32_t kKeeps = 8;     ///< a true or a false positive: a row is kept here
constexpr std::uint32_t kImproves = 16; ///< a true positive or a recovered object
constexpr std::uint32_t kLastOfScore = 32;
constexpr std::uint32_t kAloneAtScore = 64;
constexpr std::uint32_t kCountShift = 7;
constexpr std::size_t kSlots = WeightedOptima::kSlots;

/// For each slot, all ones in its lane: the total's counters add an event under its mask.
constexpr auto kSlotMasks = [] {
    std::array<std::array<std::int64_t, kSlots>, kSlots> masks{};
    for (std::size_t slot = 0; slot < kSlots; ++slot)
        masks[slot][slot] = -1;
    return masks;
}();
constexpr std::uint32_t kMaxCount = (std::uint32_t{1} << (32 - kCountShift)) - 1;

/// Most rows of a pass are far below its optimum so far: a multiplication tells, where the
/// objective would take a division. The margin is far above the rounding of either side, so a row
/// it skips could never have won, and every other row is compared exactly.
bool clearlyWorseFBeta(const Counts& c, const Objective& objective, double best)
{
    const double b2 = objective.beta * objective.beta;
    const double tp = (1.0 + b2) * static_cast<double>(c.tp);
    const double denominator = tp + b2 * static_cast<double>(c.fn) + static_cast<double>(c.fp);
    return tp < best * denominator * (1.0 - 1e-9);
}

/// First index in `scores` (descending) whose score is below `t`, or at or below it.
std::size_t firstBelow(const std::vector<double>& scores, double t)
{
    return static_cast<std::size_t>(
        std::partition_point(scores.begin(), scores.end(), [t](double s) { return s >= t; }) -
        scores.begin());
}
std::size_t firstAtOrBelow(const std::vector<double>& scores, double t)
{
    return static_cast<std::size_t>(
        std::partition_point(scores.begin(), scores.end(), [t](double s) { return s > t; }) - scores.begin());
}

} // namespace

Counts WeightedOptima::Curve::counts(bool parity) const
{
    const std::int64_t tp = bySlot[TruePositive] + bySlot[RecoveringTruePositive];
    const std::int64_t recovered = bySlot[Recovered] + bySlot[RecoveringTruePositive];
    return {tp, bySlot[FalsePositive], (parity ? bySlot[ImageMax] : groundTruth) - recovered};
}

WeightedOptima::WeightedOptima(const ImageEvents& events, const SweepOptions& options,
                               const std::vector<double>& gridDescending)
    : m_options(options)
    , m_labelCount(events.labelCount)
    , m_groundTruth(events.groundTruth)
{
    // Every objective offered gets no better when only false positives or missed objects are
    // added (F-beta for any beta, a cost with prices >= 0), and its computed value, made of
    // rounded operations that are each monotonic, keeps that order: what look() relies on.
    const Objective& o = options.objective;
    m_monotone = o.isCost() ? o.costFp >= 0 && o.costFn >= 0 : o.beta >= 0;

    m_events.reserve(events.byScore.size());
    m_scores.reserve(events.byScore.size());
    std::vector<ImageEvents::Event> atScore;
    for (std::size_t first = 0; first < events.byScore.size();) {
        const double score = events.byScore[first].score;
        std::size_t end = first;
        while (end < events.byScore.size() && events.byScore[end].score == score)
            ++end;
        atScore.assign(events.byScore.begin() + static_cast<std::ptrdiff_t>(first),
                       events.byScore.begin() + static_cast<std::ptrdiff_t>(end));
        packScore(atScore);
        first = end;
    }
    for (const double t : gridDescending)
        m_gridStart.push_back(firstBelow(m_scores, t));
    m_lowerStart = firstBelow(m_scores, options.lower);
    m_rangeBegin = firstAtOrBelow(m_scores, options.upper);
    m_rangeEnd = firstAtOrBelow(m_scores, options.lower);
}

void WeightedOptima::packScore(std::vector<ImageEvents::Event>& atScore)
{
    // Order within a score is free (a pass only sums until the score's last event), so the events
    // are sorted to bring each true positive next to the object it recovers: one event then
    // counts both, which makes most scores hold a single event.
    std::sort(atScore.begin(), atScore.end(), [](const auto& a, const auto& b) {
        return std::tuple(a.label, a.image, a.kind) < std::tuple(b.label, b.image, b.kind);
    });
    struct Merged
    {
        ImageEvents::Event event;
        bool recovers = false;
    };
    std::vector<Merged> merged;
    std::size_t truePositive = 0; // index in `merged` of the last true positive
    for (const ImageEvents::Event& e : atScore) {
        if (e.kind == Kind::Recovered && !merged.empty()) {
            Merged& tp = merged[truePositive];
            if (tp.event.kind == Kind::TruePositive && !tp.recovers && tp.event.label == e.label &&
                tp.event.image == e.image && tp.event.count == e.count) {
                tp.recovers = true;
                continue;
            }
        }
        if (e.kind == Kind::TruePositive)
            truePositive = merged.size();
        merged.push_back({e});
    }
    const bool alone = merged.size() == 1 && merged.front().event.count <= kMaxCount;
    for (std::size_t j = 0; j < merged.size(); ++j) {
        const auto& [e, recovers] = merged[j];
        std::uint32_t left = e.count;
        do {
            const std::uint32_t part = std::min(left, kMaxCount);
            left -= part;
            const Slot slot = recovers ? RecoveringTruePositive : static_cast<Slot>(e.kind);
            std::uint32_t word = part << kCountShift | slot;
            if (e.kind == Kind::TruePositive || e.kind == Kind::FalsePositive)
                word |= kKeeps;
            if (e.kind == Kind::TruePositive || e.kind == Kind::Recovered)
                word |= kImproves;
            if (alone)
                word |= kAloneAtScore;
            if (j + 1 == merged.size() && left == 0)
                word |= kLastOfScore;
            m_events.push_back({e.image, e.label, word});
            m_scores.push_back(e.score);
        } while (left > 0);
    }
}

/// Evaluates curve `c`'s row at `threshold`, unless the row cannot beat the optimum: when the
/// last row evaluated lost to the optimum and since then only false positives or missed objects
/// were added, this row is no better than that one, so it loses too. Scores descend, so a row the
/// optimum so far does not beat is a lower threshold, which wins ties.
void WeightedOptima::look(Curve& c, double threshold) const
{
    if (!c.mustLook && m_monotone)
        return;
    const Counts counts = c.counts(m_options.pluginParity);
    if (counts.tp + counts.fp + counts.fn == 0)
        return;
    const Objective& objective = m_options.objective;
    if (c.have && objective.kind == Objective::Kind::FBeta &&
        clearlyWorseFBeta(counts, objective, c.best.objective)) {
        c.mustLook = 0;
        return;
    }
    const double o = objectiveAt(counts, objective);
    if (!c.have || !objective.better(c.best.objective, o)) {
        c.best = {threshold, f1At(counts), o};
        c.have = true;
        c.mustLook = 1;
    } else {
        c.mustLook = 0;
    }
}

void WeightedOptima::scan(const std::vector<std::uint32_t>& weights, Workspace& ws, double* gridOut) const
{
    // A pass reads the weight of a random image at every event: as bytes, the weights of 20,000
    // images stay in the first-level cache. Wider weights take the same pass.
    const std::uint32_t heaviest = weights.empty() ? 0 : *std::max_element(weights.begin(), weights.end());
    if (heaviest <= std::numeric_limits<std::uint8_t>::max()) {
        ws.m_byteWeights.assign(weights.begin(), weights.end());
        scanWeights(ws.m_byteWeights.data(), ws, gridOut);
    } else {
        scanWeights(weights.data(), ws, gridOut);
    }
}

template<class Weight>
void WeightedOptima::scanWeights(const Weight* w, Workspace& ws, double* gridOut) const
{
    ws.m_byLabel.assign(m_labelCount, Curve{});
    // Every event of a score writes its label one past the labels listed so far: one slot more
    // than there are labels.
    ws.m_touched.resize(m_labelCount + 1);
    std::int64_t groundTruth = 0;
    for (const auto& g : m_groundTruth) {
        const std::int64_t c = std::int64_t{w[g.image]} * g.count;
        ws.m_byLabel[g.label].groundTruth += c;
        groundTruth += c;
    }
    ws.m_total = Curve{};
    ws.m_total.groundTruth = groundTruth;
    Curve& total = ws.m_total;
    Curve* const byLabel = ws.m_byLabel.data();
    LabelId* const touched = ws.m_touched.data();
    const bool parity = m_options.pluginParity;

    std::size_t g = 0;
    bool lowerDone = false;
    // Grid thresholds and `lower` see the counts of every event above them: they are read at the
    // index of the first event below.
    auto stopsAt = [&](std::size_t i) {
        for (; g < m_gridStart.size() && m_gridStart[g] == i; ++g) {
            const Counts c = total.counts(parity);
            gridOut[g] = c.tp + c.fp + c.fn > 0 ? objectiveAt(c, m_options.objective) : kNaN;
        }
        if (!lowerDone && m_lowerStart == i) {
            look(total, m_options.lower);
            for (std::size_t l = 0; l < m_labelCount; ++l)
                look(byLabel[l], m_options.lower);
            lowerDone = true;
        }
    };
    auto nextStop = [&] {
        std::size_t s = g < m_gridStart.size() ? m_gridStart[g] : m_events.size() + 1;
        return lowerDone ? s : std::min(s, m_lowerStart);
    };

    const std::size_t n = m_events.size();
    const PackedEvent* const events = m_events.data();
    const Weight* const weights = w;
    const std::size_t rangeBegin = m_rangeBegin;
    const std::size_t rangeLength = m_rangeEnd > m_rangeBegin ? m_rangeEnd - m_rangeBegin : 0;
    // Without a monotonic objective every row is looked at.
    const auto always = static_cast<std::uint8_t>(!m_monotone);
    std::size_t stop = nextStop();
    std::size_t pending = 0; // labels in `touched`
    std::uint8_t totalKept = 0, totalMustLook = total.mustLook;
    // The total's counters live in registers in the loop; look() and stopsAt() read them from
    // `total`, which syncTotal() brings up to date.
    std::int64_t total0 = 0, total1 = 0, total2 = 0, total3 = 0, total4 = 0;
    auto syncTotal = [&] {
        total.bySlot[0] = total0;
        total.bySlot[1] = total1;
        total.bySlot[2] = total2;
        total.bySlot[3] = total3;
        total.bySlot[4] = total4;
        total.mustLook = totalMustLook;
    };
    auto lookAtTotal = [&](std::size_t i) {
        syncTotal();
        look(total, m_scores[i]);
        totalMustLook = total.mustLook;
    };
    constexpr std::uint32_t kAloneFalsePositive = WeightedOptima::FalsePositive | kAloneAtScore;
    for (std::size_t i = 0; i < n; ++i) {
        // Runs of false positives, each alone at its score, make most of a pass. While neither
        // the total nor the event's label may need a look, such an event only adds to two
        // counters: this loop takes them, the full step below everything else.
        if ((totalMustLook | always) == 0) {
            const std::size_t runEnd = std::min(stop, n);
            for (; i < runEnd; ++i) {
                const PackedEvent e = events[i];
                Curve& c = byLabel[e.label];
                if ((e.word & (kSlotMask | kAloneAtScore)) != kAloneFalsePositive || c.mustLook != 0)
                    break;
                const std::int64_t count = std::int64_t{weights[e.image]} * (e.word >> kCountShift);
                c.bySlot[FalsePositive] += count;
                total1 += count;
            }
            if (i == n)
                break;
        }
        if (i == stop) {
            syncTotal();
            stopsAt(i);
            totalMustLook = total.mustLook;
            stop = nextStop();
        }
        // The full step, free of branches up to the looks: a third of the images weigh 0 and the
        // kinds come in no predictable order, so a branch on either would be mispredicted.
        const PackedEvent e = events[i];
        const std::int64_t count = std::int64_t{weights[e.image]} * (e.word >> kCountShift);
        const std::uint32_t slot = e.word & kSlotMask;
        Curve& c = byLabel[e.label];
        c.bySlot[slot] += count;
        // The total's counters stay in registers, each event adding to every one under a mask:
        // added in memory, each event would wait for the store of the one before.
        const std::int64_t* const mask = kSlotMasks[slot].data();
        total0 += count & mask[0];
        total1 += count & mask[1];
        total2 += count & mask[2];
        total3 += count & mask[3];
        total4 += count & mask[4];
        const auto weighs = static_cast<std::uint8_t>(count != 0);
        const auto keeps = static_cast<std::uint8_t>(weighs & (e.word / kKeeps));
        const auto improves = static_cast<std::uint8_t>(weighs & (e.word / kImproves));
        c.mustLook |= improves;
        totalMustLook |= improves; // in a register: read back from memory it would stall the pass
        const auto inRange = static_cast<std::uint8_t>(i - rangeBegin < rangeLength);
        if ((e.word & kAloneAtScore) != 0) {
            // Most scores hold one event, whose label alone may need a look, and rarely does: two
            // predictable tests, with no flags to set and clear.
            if (inRange & keeps & (totalMustLook | always))
                lookAtTotal(i);
            if (inRange & keeps & (c.mustLook | always))
                look(c, m_scores[i]);
            continue;
        }
        touched[pending] = e.label;
        pending += keeps & (c.kept ^ 1U);
        c.kept |= keeps;
        totalKept |= keeps;
        if ((e.word & kLastOfScore) == 0)
            continue;
        if (inRange & totalKept & (totalMustLook | always))
            lookAtTotal(i);
        totalKept = 0;
        for (std::size_t k = 0; k < pending; ++k) {
            Curve& l = byLabel[touched[k]];
            if (inRange & (l.mustLook | always))
                look(l, m_scores[i]);
            l.kept = 0;
        }
        pending = 0;
    }
    syncTotal();
    stopsAt(n);
}

} // namespace optconf
