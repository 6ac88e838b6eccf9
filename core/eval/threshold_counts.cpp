// SPDX-License-Identifier: MIT
#include "core/eval/threshold_counts.h"

#include "core/eval/parallel.h"
#include "core/eval/radix_sort.h"

#include <algorithm>
#include <atomic>

namespace optconf {

void ThresholdCounts::add(const ImagePairs& pairs, const LabelField& groundTruth, SampleIndex image)
{
    const auto gts = groundTruth.forSample(image);
    for (const PairedPrediction& p : pairs.predictions) {
        if (p.ignored)
            continue;
        const bool truePositive = p.object >= 0 && gts[static_cast<std::size_t>(p.object)].label == p.label;
        (truePositive ? truePositives : falsePositives).push_back(p.score);
    }
    for (std::size_t g = 0; g < gts.size(); ++g)
        if (pairs.counted[g])
            recoveredAt.push_back(pairs.recoveredAt[g]);
}

void ThresholdCounts::append(ThresholdCounts&& other)
{
    truePositives.insert(truePositives.end(), other.truePositives.begin(), other.truePositives.end());
    falsePositives.insert(falsePositives.end(), other.falsePositives.begin(), other.falsePositives.end());
    recoveredAt.insert(recoveredAt.end(), other.recoveredAt.begin(), other.recoveredAt.end());
}

void ThresholdCounts::sortAll(std::span<ThresholdCounts> counts)
{
    std::vector<std::vector<double>*> lists;
    for (ThresholdCounts& c : counts)
        for (auto* v : {&c.truePositives, &c.falsePositives, &c.recoveredAt})
            lists.push_back(v);
    std::atomic<std::size_t> next{0};
    runOnAllCores(
        [&](bool) {
            std::vector<double> scratch;
            for (std::size_t i = next++; i < lists.size(); i = next++)
                detail::radixSort(*lists[i], scratch, [](double v) { return detail::ascendingKey(v); });
        },
        [&] { next = lists.size(); });
}

Counts ThresholdCounts::at(double t) const
{
    auto below = [t](const std::vector<double>& v) {
        return static_cast<std::int64_t>(std::lower_bound(v.begin(), v.end(), t) - v.begin());
    };
    return {static_cast<std::int64_t>(truePositives.size()) - below(truePositives),
            static_cast<std::int64_t>(falsePositives.size()) - below(falsePositives), below(recoveredAt)};
}

} // namespace optconf
