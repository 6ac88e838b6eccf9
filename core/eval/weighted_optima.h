// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/image_events.h"
#include "core/eval/sweep.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace optconf {

/// The exact optimum of the total's curve and of every label's curve when each image counts as
/// often as its weight, in one pass over a run's events in descending score: what each bootstrap
/// replicate needs. The events are packed once, so that a pass reads 12 bytes an event and no
/// score but those of the rows it evaluates.
class WeightedOptima
{
public:
    struct Optimum
    {
        double threshold = std::numeric_limits<double>::quiet_NaN();
        double f1 = std::numeric_limits<double>::quiet_NaN();
        double objective = std::numeric_limits<double>::quiet_NaN();
    };

    /// What an event adds to: its kind, or (most true positives) both a true positive and the
    /// object it recovers, which one event then counts.
    enum Slot : std::uint32_t
    {
        TruePositive = static_cast<std::uint32_t>(ImageEvents::Kind::TruePositive),
        FalsePositive = static_cast<std::uint32_t>(ImageEvents::Kind::FalsePositive),
        Recovered = static_cast<std::uint32_t>(ImageEvents::Kind::Recovered),
        ImageMax = static_cast<std::uint32_t>(ImageEvents::Kind::ImageMax),
        RecoveringTruePositive,
    };
    static constexpr std::size_t kSlots = 5;

    /// One curve's running counts under the weights and its optimum so far.
    struct Curve
    {
        std::int64_t bySlot[kSlots] = {};
        std::int64_t groundTruth = 0;
        Optimum best;
        bool have = false;
        // Flags as bytes, so that the pass sets them with arithmetic rather than branches.
        std::uint8_t kept = 0;     ///< a kept prediction lies at the score being passed
        std::uint8_t mustLook = 1; ///< the next row may beat the optimum (see WeightedOptima::look)
        Counts counts(bool parity) const;
    };

    /// A pass's working memory, reused from replicate to replicate (one per thread).
    class Workspace
    {
    public:
        const Optimum& total() const { return m_total.best; }
        const Optimum& label(LabelId l) const { return m_byLabel[l].best; }

    private:
        friend class WeightedOptima;
        Curve m_total;
        std::vector<Curve> m_byLabel;
        std::vector<LabelId> m_touched;
        std::vector<std::uint8_t> m_byteWeights;
    };

    /// `gridDescending`: thresholds, descending, at which a pass reports the total's objective.
    WeightedOptima(const ImageEvents& events, const SweepOptions& options,
                   const std::vector<double>& gridDescending);

    /// Each curve is evaluated at every score in (lower, upper] where it keeps a prediction, and
    /// at `lower`; ties go to the lower threshold, as in the sweep. `gridOut` receives
    /// gridSize() values: the total's objective at each grid threshold (NaN where undefined).
    void scan(const std::vector<std::uint32_t>& weights, Workspace& workspace, double* gridOut) const;

    std::size_t gridSize() const { return m_gridStart.size(); }
    std::size_t labelCount() const { return m_labelCount; }

private:
    struct PackedEvent
    {
        std::uint32_t image;
        LabelId label;
        std::uint32_t word; ///< see weighted_optima.cpp
    };

    void packScore(std::vector<ImageEvents::Event>& atScore);
    template<class Weight>
    void scanWeights(const Weight* weights, Workspace& workspace, double* gridOut) const;
    void look(Curve& c, double threshold) const;

    SweepOptions m_options;
    bool m_monotone = false;
    std::size_t m_labelCount = 0;
    std::vector<PackedEvent> m_events;
    std::vector<double> m_scores; ///< m_events' scores, read only at evaluated rows
    std::vector<ImageEvents::GroundTruth> m_groundTruth;
    std::vector<std::size_t> m_gridStart; ///< first event below each grid threshold
    std::size_t m_lowerStart = 0;         ///< first event below `lower`
    std::size_t m_rangeBegin = 0;         ///< first event at or below `upper`
    std::size_t m_rangeEnd = 0;           ///< first event at or below `lower`
};

} // namespace optconf
