// SPDX-License-Identifier: MIT
#include "core/eval/threshold_counts.h"

#include <algorithm>

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

void ThresholdCounts::sort()
{
    for (auto* v : {&truePositives, &falsePositives, &recoveredAt})
        std::sort(v->begin(), v->end());
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
