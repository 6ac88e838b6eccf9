// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/image_events.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace optconf {

struct BootstrapOptions
{
    int replicates = 1000;
    std::uint64_t seed = 0;
    double level = 0.95;  ///< of the percentile intervals
    unsigned threads = 0; ///< 0: every core; the result is the same on any number
};

struct Interval
{
    double lo = 0;
    double hi = 0;
};

/// One curve's spread over the replicates: the optimum's threshold, the F1 and the objective there.
struct BootstrapStats
{
    int defined = 0; ///< replicates with an optimum (F1 defined somewhere)
    std::optional<Interval> threshold;
    std::optional<Interval> f1;
    std::optional<Interval> objective;
    /// Standard deviation over mean of the optimal threshold (the "coefficient of variation").
    std::optional<double> thresholdCv;
};

struct BootstrapResult
{
    int replicates = 0;
    std::uint64_t seed = 0;
    double level = 0.95;
    BootstrapStats total;
    std::vector<std::pair<LabelId, BootstrapStats>> classes; ///< in the sweep's class order
    /// The objective's band at each grid threshold of the sweep (percentiles over replicates);
    /// empty where it is undefined in too many replicates to say.
    std::vector<double> gridThresholds;
    /// Each replicate's overall optimum threshold and F1 there (NaN without an optimum).
    std::vector<double> replicateThresholds;
    std::vector<double> replicateF1;
    std::vector<std::optional<Interval>> band;
};

/// Percentile (linear between order statistics, as numpy's default) of sorted values, q in [0, 1].
double percentile(const std::vector<double>& sorted, double q);

/// Replicate r's weight of each image: how often it is drawn in `imageCount` draws with replacement.
std::vector<std::uint32_t> bootstrapWeights(std::uint64_t seed, std::size_t replicate,
                                            std::size_t imageCount);

/// Resamples images with replacement (multinomial weights, nothing copied), finds each replicate's
/// exact optimum overall and per class, and reports percentile intervals. Replicate r draws from
/// its own seeded generator, so the result is the same for a seed on any number of cores.
/// Nullopt when cancelled (`progress` returned false).
std::optional<BootstrapResult> bootstrap(const ImageEvents& events, const EvaluationResult& result,
                                         const BootstrapOptions& options,
                                         const std::function<bool(double)>& progress = {});

} // namespace optconf
