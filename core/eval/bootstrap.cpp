// SPDX-License-Identifier: MIT
#include "core/eval/bootstrap.h"
#include "core/eval/parallel.h"
#include "core/eval/random.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

namespace optconf {

namespace {

/// Multinomial counts: `w.size()` draws of an image, uniform, with replacement.
void drawWeights(std::uint64_t seed, std::size_t replicate, std::vector<std::uint32_t>& w)
{
    std::fill(w.begin(), w.end(), 0);
    SplitMix64 rng(seed * 0x9e3779b97f4a7c15ULL + replicate);
    for (std::size_t k = 0; k < w.size(); ++k)
        ++w[rng.below(w.size())];
}

} // namespace

double percentile(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(pos));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double frac = pos - static_cast<double>(below);
    return sorted[below] + (sorted[above] - sorted[below]) * frac;
}

std::vector<std::uint32_t> bootstrapWeights(std::uint64_t seed, std::size_t replicate, std::size_t imageCount)
{
    std::vector<std::uint32_t> w(imageCount);
    drawWeights(seed, replicate, w);
    return w;
}

namespace {

using Event = ImageEvents::Event;
using Kind = ImageEvents::Kind;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Optimum
{
    double threshold = kNaN, f1 = kNaN, objective = kNaN;
};

/// Most rows of a replicate are far below its optimum so far: a multiplication tells, where the
/// objective would take a division. The margin is far above the rounding of either side, so a row
/// it skips could never have won, and every other row is compared exactly as before.
inline bool clearlyWorseFBeta(const Counts& c, const Objective& objective, double best)
{
    const double b2 = objective.beta * objective.beta;
    const double tp = (1.0 + b2) * static_cast<double>(c.tp);
    const double denominator = tp + b2 * static_cast<double>(c.fn) + static_cast<double>(c.fp);
    return tp < best * denominator * (1.0 - 1e-9);
}

/// One curve's running counts under image weights (the total's, or a class's) and its optimum.
struct Running
{
    std::int64_t tp = 0, fp = 0, recovered = 0, imageMax = 0, groundTruth = 0;
    Optimum best;
    bool have = false;
    bool kept = false; ///< a kept prediction lies at the score being passed

    explicit Running(std::int64_t gt = 0)
        : groundTruth(gt)
    {}

    Counts counts(bool parity) const
    {
        return {tp, fp, parity ? imageMax - recovered : groundTruth - recovered};
    }

    void add(Kind kind, std::int64_t n)
    {
        switch (kind) {
        case Kind::TruePositive:
            tp += n;
            kept = true;
            break;
        case Kind::FalsePositive:
            fp += n;
            kept = true;
            break;
        case Kind::Recovered:
            recovered += n;
            break;
        case Kind::ImageMax:
            imageMax += n;
            break;
        }
    }

    bool clearlyWorse(const Counts& c, const Objective& objective) const
    {
        return objective.kind == Objective::Kind::FBeta && clearlyWorseFBeta(c, objective, best.objective);
    }

    /// The scores descend, so a row that the optimum so far does not beat is a lower threshold,
    /// which wins ties.
    void consider(double t, const SweepOptions& so)
    {
        const Counts c = counts(so.pluginParity);
        if (c.tp + c.fp + c.fn == 0)
            return;
        if (have && clearlyWorse(c, so.objective))
            return;
        const double o = objectiveAt(c, so.objective);
        if (!have || !so.objective.better(best.objective, o)) {
            best = {t, f1At(c), o};
            have = true;
        }
    }
};

/// One replicate's exact optima, the total's and every label's, in one pass over the events in
/// descending score order (a pass per class as well would read every event twice, and reading
/// them is most of the cost): each curve is evaluated at every score in (lower, upper] where it
/// keeps a prediction, and at `lower` once every score at or above it is counted. `gridOut`
/// (descending grid) receives the total's objective at each grid threshold.
void scanReplicate(const ImageEvents& events, const std::vector<std::uint32_t>& w, const SweepOptions& so,
                   const std::vector<double>& gridDescending, double* gridOut, Running& total,
                   std::vector<Running>& byLabel, std::vector<LabelId>& touched)
{
    const Event* e = events.byScore.data();
    const Event* const last = e + events.byScore.size();
    std::size_t g = 0;
    auto gridUpTo = [&](double score) {
        // Grid thresholds above `score` see the counts so far.
        for (; g < gridDescending.size() && gridDescending[g] > score; ++g) {
            const Counts c = total.counts(so.pluginParity);
            gridOut[g] = c.tp + c.fp + c.fn > 0 ? objectiveAt(c, so.objective) : kNaN;
        }
    };
    auto considerLower = [&] {
        total.consider(so.lower, so);
        for (Running& r : byLabel)
            r.consider(so.lower, so);
    };
    bool lowerDone = false;
    while (e != last) {
        const double s = e->score;
        if (g < gridDescending.size() && gridDescending[g] > s)
            gridUpTo(s);
        if (s < so.lower && !lowerDone) {
            considerLower();
            lowerDone = true;
        }
        for (; e != last && e->score == s; ++e) {
            const std::int64_t n = std::int64_t{w[e->image]} * e->count;
            if (n == 0)
                continue;
            Running& c = byLabel[e->label];
            const bool before = c.kept;
            total.add(e->kind, n);
            c.add(e->kind, n);
            if (c.kept && !before)
                touched.push_back(e->label);
        }
        const bool inRange = s > so.lower && s <= so.upper;
        if (total.kept && inRange)
            total.consider(s, so);
        total.kept = false;
        for (const LabelId l : touched) {
            if (inRange)
                byLabel[l].consider(s, so);
            byLabel[l].kept = false;
        }
        touched.clear();
    }
    gridUpTo(-std::numeric_limits<double>::infinity());
    if (!lowerDone)
        considerLower();
}

BootstrapStats stats(std::vector<Optimum>& samples, double level)
{
    BootstrapStats s;
    std::vector<double> t, f, o;
    for (const Optimum& x : samples)
        if (!std::isnan(x.threshold)) {
            t.push_back(x.threshold);
            f.push_back(x.f1);
            o.push_back(x.objective);
        }
    s.defined = static_cast<int>(t.size());
    if (t.empty())
        return s;
    const double a = (1 - level) / 2;
    auto interval = [&](std::vector<double>& v) {
        std::sort(v.begin(), v.end());
        return Interval{percentile(v, a), percentile(v, 1 - a)};
    };
    double mean = 0;
    for (double x : t)
        mean += x;
    mean /= static_cast<double>(t.size());
    double var = 0;
    for (double x : t)
        var += (x - mean) * (x - mean);
    if (t.size() > 1 && mean != 0)
        s.thresholdCv = std::sqrt(var / static_cast<double>(t.size() - 1)) / mean;
    s.threshold = interval(t);
    s.f1 = interval(f);
    s.objective = interval(o);
    return s;
}

} // namespace

std::optional<BootstrapResult> bootstrap(const ImageEvents& events, const EvaluationResult& result,
                                         const BootstrapOptions& options,
                                         const std::function<bool(double)>& progress)
{
    const SweepOptions& so = result.sweep.options;
    const std::size_t n = events.imageCount;
    const auto reps = static_cast<std::size_t>(std::max(options.replicates, 0));
    std::vector<LabelId> labels;
    for (const ClassCurve& c : result.sweep.classes)
        labels.push_back(c.label);
    std::vector<double> gridDesc(result.sweep.thresholds.rbegin(), result.sweep.thresholds.rend());
    std::vector<Optimum> total(reps);
    std::vector<std::vector<Optimum>> perClass(labels.size(), std::vector<Optimum>(reps));
    std::vector<double> grid(reps * gridDesc.size(), kNaN);

    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> cancelled{false};
    runOnThreads(
        options.threads,
        [&](bool callingThread) {
            std::vector<std::uint32_t> w(n);
            std::vector<Running> byLabel(events.labelCount);
            std::vector<LabelId> touched;
            for (std::size_t r; !cancelled && (r = next++) < reps;) {
                drawWeights(options.seed, r, w);
                std::fill(byLabel.begin(), byLabel.end(), Running{});
                std::int64_t gtTotal = 0;
                for (const auto& g : events.groundTruth) {
                    const std::int64_t c = std::int64_t{w[g.image]} * g.count;
                    byLabel[g.label].groundTruth += c;
                    gtTotal += c;
                }
                Running all(gtTotal);
                scanReplicate(events, w, so, gridDesc, grid.data() + r * gridDesc.size(), all, byLabel,
                              touched);
                total[r] = all.best;
                for (std::size_t c = 0; c < labels.size(); ++c)
                    if (labels[c] < events.labelCount)
                        perClass[c][r] = byLabel[labels[c]].best;
                const std::size_t d = ++done;
                if (callingThread && progress &&
                    !progress(static_cast<double>(d) / static_cast<double>(reps)))
                    cancelled = true;
            }
        },
        [&] { cancelled = true; });
    if (cancelled)
        return std::nullopt;

    BootstrapResult out;
    out.replicates = static_cast<int>(reps);
    out.seed = options.seed;
    out.level = options.level;
    for (const Optimum& o : total) {
        out.replicateThresholds.push_back(o.threshold);
        out.replicateF1.push_back(o.f1);
    }
    out.total = stats(total, options.level);
    for (std::size_t c = 0; c < labels.size(); ++c)
        out.classes.emplace_back(labels[c], stats(perClass[c], options.level));
    const double a = (1 - options.level) / 2;
    out.gridThresholds = result.sweep.thresholds;
    out.band.assign(gridDesc.size(), std::nullopt);
    for (std::size_t g = 0; g < gridDesc.size(); ++g) {
        std::vector<double> v;
        for (std::size_t r = 0; r < reps; ++r)
            if (const double x = grid[r * gridDesc.size() + g]; !std::isnan(x))
                v.push_back(x);
        // A band needs the objective defined in (nearly) every replicate.
        if (v.empty() || static_cast<double>(v.size()) < 0.9 * static_cast<double>(reps))
            continue;
        std::sort(v.begin(), v.end());
        out.band[gridDesc.size() - 1 - g] = Interval{percentile(v, a), percentile(v, 1 - a)};
    }
    return out;
}

} // namespace optconf
