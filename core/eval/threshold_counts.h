// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/metrics.h"
#include "core/eval/pair_matching.h"

#include <span>
#include <vector>

namespace optconf {

/// TP, FP and FN of one matching at any threshold: the scores of the true and false positives and,
/// per counted object, the score below which it is missed (semantics.md §4). Every image counts.
struct ThresholdCounts
{
    std::vector<double> truePositives, falsePositives, recoveredAt; ///< ascending after sort()

    /// Adds one image's matches: a prediction matched to an object of its class is a TP, any other
    /// counted prediction an FP; every counted object a miss below the score that recovered it.
    void add(const ImagePairs& pairs, const LabelField& groundTruth, SampleIndex image);
    void append(ThresholdCounts&& other);
    Counts at(double threshold) const;
    /// Sorts every list of every entry, the lists shared out among all cores.
    static void sortAll(std::span<ThresholdCounts> counts);
};

} // namespace optconf
