// SPDX-License-Identifier: MIT
#include "core/eval/sweep.h"
#include "core/eval/parallel.h"
#include "core/eval/radix_sort.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

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

/// First optimum of the objective in ascending threshold order: ties go to the lowest threshold.
/// A row whose F1 is undefined (TP + FP + FN = 0) is never the optimum (semantics.md §2): none
/// when every row is.
std::optional<Metrics> firstMaximum(const std::vector<Metrics>& rows, const Objective& objective)
{
    const Metrics* best = nullptr;
    for (const Metrics& m : rows)
        if (m.f1Defined && (!best || objective.better(m.objective, best->objective)))
            best = &m;
    return best ? std::optional<Metrics>(*best) : std::nullopt;
}

/// The objective is defined where F1 is: F-beta's denominator is positive exactly when
/// TP + FP + FN is. The cost is a number everywhere, but it too is only compared where F1 is
/// defined, so that every objective has its optimum among the same rows.
bool objectiveDefined(const Counts& c)
{
    return c.tp + c.fp + c.fn > 0;
}

} // namespace

ThresholdCounter::ThresholdCounter(const MatchResult& match, std::optional<LabelId> label, bool pluginParity)
    : m_pluginParity(pluginParity)
{
    std::size_t tp = 0, fp = 0, gt = 0;
    for (const MatchedPrediction& p : match.predictions) {
        if (label && p.label != *label)
            continue;
        tp += p.status == PredictionStatus::TruePositive;
        fp += p.status == PredictionStatus::FalsePositive;
    }
    for (const CountedGroundTruth& g : match.groundTruth)
        gt += !label || g.label == *label;
    m_tpScores.reserve(tp);
    m_fpScores.reserve(fp);
    m_recoveredAt.reserve(gt);
    if (pluginParity)
        m_imageMaxScore.reserve(gt);
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
    detail::sortAscending(m_tpScores);
    detail::sortAscending(m_fpScores);
    detail::sortAscending(m_recoveredAt);
    detail::sortAscending(m_imageMaxScore);
}

ThresholdCounter::ThresholdCounter(Sorted, std::vector<double> tpScores, std::vector<double> fpScores,
                                   std::vector<double> recoveredAt, std::vector<double> imageMaxScore,
                                   bool pluginParity)
    : m_tpScores(std::move(tpScores))
    , m_fpScores(std::move(fpScores))
    , m_recoveredAt(std::move(recoveredAt))
    , m_imageMaxScore(pluginParity ? std::move(imageMaxScore) : std::vector<double>{})
    , m_pluginParity(pluginParity)
{}

template<class F>
void ThresholdCounter::forEachExact(double lo, double hi, F&& f) const
{
    // The same counts as at(t), with cursors that only move forward because the thresholds
    // ascend: a cursor holds the number of values below the current threshold (lower_bound).
    // The merge's own cursors a and b are that for the scores: at each threshold every score
    // below it has been passed, and none of those at or above it.
    const std::vector<double>&tp = m_tpScores, &fp = m_fpScores, &rec = m_recoveredAt, &img = m_imageMaxScore;
    std::size_t a = static_cast<std::size_t>(std::lower_bound(tp.begin(), tp.end(), lo) - tp.begin());
    std::size_t b = static_cast<std::size_t>(std::lower_bound(fp.begin(), fp.end(), lo) - fp.begin());
    std::size_t recBelow = 0, imgBelow = 0;
    auto countsAt = [&](double t) {
        while (recBelow < rec.size() && rec[recBelow] < t)
            ++recBelow;
        Counts c;
        c.tp = static_cast<std::int64_t>(tp.size() - a);
        c.fp = static_cast<std::int64_t>(fp.size() - b);
        c.fn = static_cast<std::int64_t>(recBelow);
        if (m_pluginParity) {
            while (imgBelow < img.size() && img[imgBelow] < t)
                ++imgBelow;
            c.fn -= static_cast<std::int64_t>(imgBelow);
        }
        return c;
    };
    // Distinct scores in [lo, hi], ascending, as std::merge (TP first on ties) then std::unique
    // would list them.
    auto next = [&](double& v) {
        if (a < tp.size() && (b >= fp.size() || !(fp[b] < tp[a])))
            v = tp[a];
        else if (b < fp.size())
            v = fp[b];
        else
            return false;
        return !(hi < v);
    };
    double v = 0;
    bool more = next(v);
    if (!more || v != lo)
        f(lo, countsAt(lo));
    while (more) {
        f(v, countsAt(v));
        while (a < tp.size() && tp[a] == v)
            ++a;
        while (b < fp.size() && fp[b] == v)
            ++b;
        more = next(v);
    }
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

namespace {

/// The optima of the exact rows, fed one row at a time in ascending threshold order, so they can
/// be found with or without keeping the rows.
class ExactOptima
{
public:
    explicit ExactOptima(const SweepOptions& options)
        : m_options(options)
    {}

    void add(const Metrics& m)
    {
        // First maximum: ties go to the lowest threshold; an undefined row never wins.
        if (m.f1Defined && (!optimum || m_options.objective.better(m.objective, optimum->objective)))
            optimum = m;
        if (m_options.minPrecision && m.precision && *m.precision >= *m_options.minPrecision && m.recall &&
            (!points.maxRecallAtPrecision || *m.recall > *points.maxRecallAtPrecision->recall))
            points.maxRecallAtPrecision = m;
        if (m_options.minRecall && m.recall && *m.recall >= *m_options.minRecall && m.precision &&
            (!points.maxPrecisionAtRecall || *m.precision > *points.maxPrecisionAtRecall->precision))
            points.maxPrecisionAtRecall = m;
    }

    std::optional<Metrics> optimum;
    OperatingPoints points;

private:
    const SweepOptions& m_options;
};

/// The grid rows and optimum, then the exact rows (kept or not) with their optima.
Curve scanCurve(const ThresholdCounter& counter, const std::vector<double>& grid, const SweepOptions& options,
                OperatingPoints* points)
{
    Curve curve;
    curve.grid.reserve(grid.size());
    for (double t : grid)
        curve.grid.push_back(metricsAt(counter, t, options.objective));
    curve.best = firstMaximum(curve.grid, options.objective);

    const double lo = std::min(options.lower, options.upper), hi = std::max(options.lower, options.upper);
    if (options.keepExactRows) {
        // Count the rows first: they are the largest allocation of a run (88 bytes per distinct
        // score), and growing the vector would hold up to twice that.
        std::size_t rows = 0;
        counter.forEachExact(lo, hi, [&](double, const Counts&) { ++rows; });
        curve.exact.reserve(rows);
    }
    ExactOptima optima(options);
    if (options.keepExactRows || options.minPrecision || options.minRecall) {
        counter.forEachExact(lo, hi, [&](double t, const Counts& c) {
            const Metrics m = metricsAt(t, c, options.objective);
            optima.add(m);
            if (options.keepExactRows)
                curve.exact.push_back(m);
        });
    } else {
        // Only the optimum is wanted: the objective at every row, the whole row where it rises.
        counter.forEachExact(lo, hi, [&](double t, const Counts& c) {
            if (objectiveDefined(c) &&
                (!optima.optimum ||
                 options.objective.better(objectiveAt(c, options.objective), optima.optimum->objective)))
                optima.add(metricsAt(t, c, options.objective));
        });
    }
    curve.optimum = optima.optimum;
    if (points)
        *points = optima.points;
    return curve;
}

} // namespace

Curve computeCurve(const ThresholdCounter& counter, const std::vector<double>& grid,
                   const SweepOptions& options)
{
    return scanCurve(counter, grid, options, nullptr);
}

const ClassCurve* findClass(const SweepResult& sweep, LabelId label)
{
    const auto it = std::find_if(sweep.classes.begin(), sweep.classes.end(),
                                 [label](const ClassCurve& c) { return c.label == label; });
    return it == sweep.classes.end() ? nullptr : &*it;
}

std::vector<Metrics> exactRows(const ThresholdCounter& counter, const SweepOptions& options,
                               std::size_t maxRows)
{
    const double lo = std::min(options.lower, options.upper), hi = std::max(options.lower, options.upper);
    std::size_t rows = 0;
    counter.forEachExact(lo, hi, [&](double, const Counts&) { ++rows; });
    maxRows = std::max<std::size_t>(maxRows, 2);
    const std::size_t stride = rows > maxRows ? (rows + maxRows - 2) / (maxRows - 1) : 1;
    std::vector<Metrics> out;
    out.reserve(std::min(rows, maxRows));
    std::size_t i = 0;
    counter.forEachExact(lo, hi, [&](double t, const Counts& c) {
        if (i % stride == 0 || i + 1 == rows)
            out.push_back(metricsAt(t, c, options.objective));
        ++i;
    });
    return out;
}

namespace {

/// One kind of score of a run (true positives, false positives, the objects' recoveredAt or
/// imageMaxScore) with each score's label, sorted once, ascending: the total curve takes the
/// scores, and every class its own in the same order (a stable split), so no class sorts again.
class SortedScores
{
public:
    struct LabelledScore
    {
        double score = 0;
        LabelId label = 0;
    };

    /// `take(record, out)`: false for a record that is not of this kind.
    template<class Record, class Take>
    SortedScores(const std::vector<Record>& records, Take take)
    {
        m_items.reserve(records.size());
        for (const Record& r : records)
            if (LabelledScore s; take(r, s))
                m_items.push_back(s);
        std::vector<LabelledScore> scratch;
        detail::radixSort(m_items, scratch,
                          [](const LabelledScore& s) { return detail::ascendingKey(s.score); });
    }

    std::vector<double> scores() const
    {
        std::vector<double> all(m_items.size());
        for (std::size_t i = 0; i < m_items.size(); ++i)
            all[i] = m_items[i].score;
        return all;
    }

    /// Each label's scores, ascending, into `byLabel[label].*member`; labels past the end are left
    /// out (as the per-class curves leave them out).
    template<class PerLabel>
    void splitInto(std::vector<PerLabel>& byLabel, std::vector<double> PerLabel::*member) const
    {
        std::vector<std::size_t> sizes(byLabel.size(), 0);
        for (const LabelledScore& s : m_items)
            if (s.label < sizes.size())
                ++sizes[s.label];
        for (std::size_t l = 0; l < byLabel.size(); ++l)
            (byLabel[l].*member).reserve(sizes[l]);
        for (const LabelledScore& s : m_items)
            if (s.label < byLabel.size())
                (byLabel[s.label].*member).push_back(s.score);
    }

private:
    std::vector<LabelledScore> m_items;
};

} // namespace

SweepResult sweep(const MatchResult& match, const std::vector<std::string>& labelNames,
                  const SweepOptions& options)
{
    SweepResult result;
    result.options = options;
    result.thresholds = linspace(options.lower, options.upper, options.steps);
    const std::size_t labels = options.perClass ? labelNames.size() : 0;

    // Every score is sorted once, with its label (the four kinds on two threads); the total curve
    // and each class then take theirs in that order. A class's counter is kept until the total's
    // optimum is known, to read the class at that threshold; classes are listed in label order.
    using LabelledScore = SortedScores::LabelledScore;
    std::optional<SortedScores> tp, fp, recovered, imageMax;
    auto predictionsOf = [](PredictionStatus kind) {
        return [kind](const MatchedPrediction& p, LabelledScore& out) {
            out = {p.score, p.label};
            return p.status == kind;
        };
    };
    {
        WorkerThreads pair;
        const auto other = [&] {
            fp.emplace(match.predictions, predictionsOf(PredictionStatus::FalsePositive));
            if (options.pluginParity)
                imageMax.emplace(match.groundTruth, [](const CountedGroundTruth& g, LabelledScore& out) {
                    out = {g.imageMaxScore, g.label};
                    return true;
                });
        };
        if (!pair.start(other))
            pair.runHere(other);
        pair.runHere([&] {
            tp.emplace(match.predictions, predictionsOf(PredictionStatus::TruePositive));
            recovered.emplace(match.groundTruth, [](const CountedGroundTruth& g, LabelledScore& out) {
                out = {g.recoveredAt, g.label};
                return true;
            });
        });
        pair.join();
    }
    struct LabelScores
    {
        std::vector<double> tp, fp, recoveredAt, imageMax;
    };
    std::vector<LabelScores> byLabel(labels);
    std::optional<ThresholdCounter> total;
    {
        WorkerThreads pair;
        const auto other = [&] {
            fp->splitInto(byLabel, &LabelScores::fp);
            if (imageMax)
                imageMax->splitInto(byLabel, &LabelScores::imageMax);
        };
        if (!pair.start(other))
            pair.runHere(other);
        pair.runHere([&] {
            total.emplace(ThresholdCounter::Sorted{}, tp->scores(), fp->scores(), recovered->scores(),
                          imageMax ? imageMax->scores() : std::vector<double>{}, options.pluginParity);
            tp->splitInto(byLabel, &LabelScores::tp);
            recovered->splitInto(byLabel, &LabelScores::recoveredAt);
        });
        pair.join();
    }
    tp.reset();
    fp.reset();
    recovered.reset();
    imageMax.reset();

    // Per-class exact rows are only needed for their optimum: keep that, not the rows.
    SweepOptions perClassOptions = options;
    perClassOptions.keepExactRows = false;
    perClassOptions.minPrecision.reset();
    perClassOptions.minRecall.reset();

    std::vector<ThresholdCounter> counters(labels);
    std::vector<std::optional<ClassCurve>> curves(labels);
    std::atomic<std::size_t> nextLabel{0};
    auto perClass = [&] {
        for (;;) {
            const std::size_t label = nextLabel.fetch_add(1);
            if (label >= labels)
                return;
            LabelScores& scores = byLabel[label];
            counters[label] = ThresholdCounter(ThresholdCounter::Sorted{}, std::move(scores.tp),
                                               std::move(scores.fp), std::move(scores.recoveredAt),
                                               std::move(scores.imageMax), options.pluginParity);
            scores = LabelScores{};
            const ThresholdCounter& counter = counters[label];
            if (counter.groundTruthCount() == 0 && counter.predictionCount() == 0)
                continue;
            ClassCurve c;
            c.label = static_cast<LabelId>(label);
            c.name = labelNames[label];
            c.groundTruth = counter.groundTruthCount();
            c.predictions = counter.predictionCount();
            c.curve = scanCurve(counter, result.thresholds, perClassOptions, nullptr);
            curves[label] = std::move(c);
        }
    };
    {
        // The total curve is the longest task: one thread takes it, then every thread takes the
        // classes one label at a time.
        WorkerThreads helpers;
        const auto totalFirst = [&] {
            result.total = scanCurve(*total, result.thresholds, options, &result.operatingPoints);
            perClass();
        };
        if (!helpers.start(totalFirst))
            helpers.runHere(totalFirst);
        const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
        for (unsigned t = 2; t < threads && labels > 0; ++t)
            helpers.start(perClass); // one refused leaves its classes to the others
        helpers.runHere(perClass);
        helpers.join();
    }
    for (std::size_t label = 0; label < labels; ++label) {
        if (!curves[label])
            continue;
        ClassCurve& c = *curves[label];
        if (result.total.optimum)
            c.atGlobalOptimum =
                metricsAt(counters[label], result.total.optimum->threshold, options.objective);
        if (options.keepClassCounters)
            c.counter = std::make_shared<const ThresholdCounter>(std::move(counters[label]));
        counters[label] = ThresholdCounter{};
        result.classes.push_back(std::move(c));
    }
    if (options.keepTotalCounter)
        result.totalCounter = std::make_shared<const ThresholdCounter>(std::move(*total));
    return result;
}

} // namespace optconf
