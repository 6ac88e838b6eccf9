// SPDX-License-Identifier: MIT
#include "core/eval/bootstrap.h"
#include "core/eval/parallel.h"
#include "core/eval/random.h"
#include "core/eval/weighted_optima.h"

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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Optimum = WeightedOptima::Optimum;

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

    const WeightedOptima optima(events, so, gridDesc);
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> cancelled{false};
    runOnThreads(
        options.threads,
        [&](bool callingThread) {
            std::vector<std::uint32_t> w(n);
            WeightedOptima::Workspace workspace;
            for (std::size_t r; !cancelled && (r = next++) < reps;) {
                drawWeights(options.seed, r, w);
                optima.scan(w, workspace, grid.data() + r * gridDesc.size());
                total[r] = workspace.total();
                for (std::size_t c = 0; c < labels.size(); ++c)
                    if (labels[c] < events.labelCount)
                        perClass[c][r] = workspace.label(labels[c]);
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
