// SPDX-License-Identifier: MIT
#include "sweep.h"

#include <algorithm>
#include <cmath>

namespace optconf {

std::vector<double> linspace(double lower, double upper, int steps)
{
    if (steps <= 0)
        return {};
    if (steps == 1)
        return {lower};
    std::vector<double> t(static_cast<std::size_t>(steps));
    const double delta = upper - lower;
    const double div = static_cast<double>(steps - 1);
    const double step = delta / div;
    for (int i = 0; i < steps; ++i) {
        // numpy computes i * step when the step is non-zero, (i / div) * delta when it is zero.
        const double y = step == 0.0 ? (static_cast<double>(i) / div) * delta : static_cast<double>(i) * step;
        t[static_cast<std::size_t>(i)] = y + lower;
    }
    t.back() = upper;
    return t;
}

namespace {

std::int64_t countAtLeast(const std::vector<double>& ascending, double t)
{
    return static_cast<std::int64_t>(ascending.end() -
                                     std::lower_bound(ascending.begin(), ascending.end(), t));
}

std::int64_t countBelow(const std::vector<double>& ascending, double t)
{
    return static_cast<std::int64_t>(std::lower_bound(ascending.begin(), ascending.end(), t) -
                                     ascending.begin());
}

/// First maximum of the objective in ascending threshold order: ties go to the lowest threshold.
std::optional<Metrics> firstMaximum(const std::vector<Metrics>& rows)
{
    const Metrics* best = nullptr;
    for (const Metrics& m : rows)
        if (!best || m.objective > best->objective)
            best = &m;
    return best ? std::optional<Metrics>(*best) : std::nullopt;
}

} // namespace

ThresholdCounter::ThresholdCounter(const MatchResult& match, std::optional<LabelId> label, bool pluginParity)
    : m_pluginParity(pluginParity)
{
    for (const MatchedPrediction& p : match.predictions) {
        if (label && p.label != *label)
            continue;
        if (p.status == PredictionStatus::TruePositive)
            m_tpScores.push_back(p.score);
        else if (p.status == PredictionStatus::FalsePositive)
            m_fpScores.push_back(p.score);
    }
    for (const CountedGroundTruth& g : match.groundTruth) {
        if (label && g.label != *label)
            continue;
        m_recoveredAt.push_back(g.recoveredAt);
        if (pluginParity)
            m_imageMaxScore.push_back(g.imageMaxScore);
    }
    std::sort(m_tpScores.begin(), m_tpScores.end());
    std::sort(m_fpScores.begin(), m_fpScores.end());
    std::sort(m_recoveredAt.begin(), m_recoveredAt.end());
    std::sort(m_imageMaxScore.begin(), m_imageMaxScore.end());
}

Counts ThresholdCounter::at(double t) const
{
    Counts c;
    c.tp = countAtLeast(m_tpScores, t);
    c.fp = countAtLeast(m_fpScores, t);
    c.fn = countBelow(m_recoveredAt, t);
    // Plugin parity: images without a kept prediction are filtered out, so their objects are not
    // missed at t. A recovered object's score never exceeds its image's maximum, so those objects
    // are a subset of the missed ones.
    if (m_pluginParity)
        c.fn -= countBelow(m_imageMaxScore, t);
    return c;
}

std::vector<double> ThresholdCounter::distinctScores() const
{
    std::vector<double> all;
    all.reserve(m_tpScores.size() + m_fpScores.size());
    std::merge(m_tpScores.begin(), m_tpScores.end(), m_fpScores.begin(), m_fpScores.end(),
               std::back_inserter(all));
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

Metrics metricsAt(const ThresholdCounter& counter, double threshold, const Objective& objective)
{
    return metricsAt(threshold, counter.at(threshold), objective);
}

Curve computeCurve(const ThresholdCounter& counter, const std::vector<double>& grid,
                   const SweepOptions& options)
{
    Curve curve;
    curve.grid.reserve(grid.size());
    for (double t : grid)
        curve.grid.push_back(metricsAt(counter, t, options.objective));
    curve.best = firstMaximum(curve.grid);

    const double lo = std::min(options.lower, options.upper), hi = std::max(options.lower, options.upper);
    std::vector<double> candidates = counter.distinctScores();
    auto first = std::lower_bound(candidates.begin(), candidates.end(), lo);
    auto last = std::upper_bound(candidates.begin(), candidates.end(), hi);
    curve.exact.reserve(static_cast<std::size_t>(last - first) + 1);
    if (first == last || *first != lo)
        curve.exact.push_back(metricsAt(counter, lo, options.objective));
    for (auto it = first; it != last; ++it)
        curve.exact.push_back(metricsAt(counter, *it, options.objective));
    curve.optimum = firstMaximum(curve.exact);
    return curve;
}

namespace {

OperatingPoints operatingPoints(const std::vector<Metrics>& exact, const SweepOptions& options)
{
    OperatingPoints points;
    if (options.minPrecision) {
        for (const Metrics& m : exact) {
            if (!m.precision || *m.precision < *options.minPrecision || !m.recall)
                continue;
            if (!points.maxRecallAtPrecision || *m.recall > *points.maxRecallAtPrecision->recall)
                points.maxRecallAtPrecision = m;
        }
    }
    if (options.minRecall) {
        for (const Metrics& m : exact) {
            if (!m.recall || *m.recall < *options.minRecall || !m.precision)
                continue;
            if (!points.maxPrecisionAtRecall || *m.precision > *points.maxPrecisionAtRecall->precision)
                points.maxPrecisionAtRecall = m;
        }
    }
    return points;
}

} // namespace

SweepResult sweep(const MatchResult& match, const std::vector<std::string>& labelNames,
                  const SweepOptions& options)
{
    SweepResult result;
    result.options = options;
    result.thresholds = linspace(options.lower, options.upper, options.steps);
    const ThresholdCounter total(match, std::nullopt, options.pluginParity);
    result.total = computeCurve(total, result.thresholds, options);
    result.operatingPoints = operatingPoints(result.total.exact, options);
    if (!options.perClass)
        return result;

    // Split the records by label once, then build each label's counter from its own slice.
    std::vector<MatchResult> byLabel(labelNames.size());
    for (const MatchedPrediction& p : match.predictions)
        if (p.label < byLabel.size())
            byLabel[p.label].predictions.push_back(p);
    for (const CountedGroundTruth& g : match.groundTruth)
        if (g.label < byLabel.size())
            byLabel[g.label].groundTruth.push_back(g);
    for (LabelId label = 0; label < byLabel.size(); ++label) {
        const ThresholdCounter counter(byLabel[label], std::nullopt, options.pluginParity);
        if (counter.groundTruthCount() == 0 && counter.predictionCount() == 0)
            continue;
        ClassCurve c;
        c.label = label;
        c.name = labelNames[label];
        c.groundTruth = counter.groundTruthCount();
        c.predictions = counter.predictionCount();
        c.curve = computeCurve(counter, result.thresholds, options);
        if (result.total.optimum)
            c.atGlobalOptimum = metricsAt(counter, result.total.optimum->threshold, options.objective);
        // Per-class exact rows are only needed for their optimum; keep memory to the totals.
        c.curve.exact.clear();
        c.curve.exact.shrink_to_fit();
        result.classes.push_back(std::move(c));
        byLabel[label] = MatchResult{};
    }
    return result;
}

} // namespace optconf
