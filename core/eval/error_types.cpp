// SPDX-License-Identifier: MIT
#include "core/eval/error_types.h"
#include "core/eval/image_chunks.h"
#include "core/eval/pair_matching.h"

#include <algorithm>
#include <limits>

namespace optconf {

namespace {
constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kMaxIouLimit = 1.0 - 1e-10;

/// How many of the ascending `scores` are >= t.
std::int64_t atOrAbove(const std::vector<double>& scores, double t)
{
    return static_cast<std::int64_t>(scores.end() - std::lower_bound(scores.begin(), scores.end(), t));
}
/// How many of the ascending `scores` are < t.
std::int64_t below(const std::vector<double>& scores, double t)
{
    return static_cast<std::int64_t>(std::lower_bound(scores.begin(), scores.end(), t) - scores.begin());
}
} // namespace

std::string_view errorTypeKey(ErrorType type)
{
    switch (type) {
    case ErrorType::Classification:
        return "classification";
    case ErrorType::Localization:
        return "localization";
    case ErrorType::Both:
        return "both";
    case ErrorType::Duplicate:
        return "duplicate";
    case ErrorType::Background:
        return "background";
    }
    return "";
}

std::int64_t ErrorCounts::falsePositiveTotal() const
{
    std::int64_t total = 0;
    for (std::int64_t n : falsePositives)
        total += n;
    return total;
}

void ErrorAnalysis::Tally::append(Tally&& other)
{
    auto join = [](std::vector<double>& to, const std::vector<double>& from) {
        to.insert(to.end(), from.begin(), from.end());
    };
    for (std::size_t k = 0; k < kErrorTypeCount; ++k)
        join(fpScores[k], other.fpScores[k]);
    join(tpScores, other.tpScores);
    join(fpAll, other.fpAll);
    join(recoveredAt, other.recoveredAt);
    join(missedBelow, other.missedBelow);
    for (std::size_t f = 0; f < 2; ++f) {
        join(fixLo[f], other.fixLo[f]);
        join(fixHi[f], other.fixHi[f]);
    }
}

void ErrorAnalysis::Tally::sort()
{
    for (auto& v : fpScores)
        std::sort(v.begin(), v.end());
    for (auto* v :
         {&tpScores, &fpAll, &recoveredAt, &missedBelow, &fixLo[0], &fixHi[0], &fixLo[1], &fixHi[1]})
        std::sort(v->begin(), v->end());
}

ErrorCounts ErrorAnalysis::Tally::at(double t) const
{
    ErrorCounts c;
    for (std::size_t k = 0; k < kErrorTypeCount; ++k)
        c.falsePositives[k] = atOrAbove(fpScores[k], t);
    c.missed = below(missedBelow, t);
    return c;
}

Counts ErrorAnalysis::Tally::counts(double t) const
{
    return {atOrAbove(tpScores, t), atOrAbove(fpAll, t), below(recoveredAt, t)};
}

ErrorAnalysis::ErrorAnalysis(const Dataset& dataset, const LabelField& groundTruth,
                             const LabelField& predictions, const MatchOptions& options)
{
    const double limit = std::min(options.iouThreshold, kMaxIouLimit);
    auto work = [&](std::size_t first, std::size_t last) {
        ErrorAnalysis part;
        Tally& total = part.m_total;
        std::vector<Tally>& perLabel = part.m_perLabel;
        std::vector<std::pair<double, double>>& tpIou = part.m_tpIou;
        perLabel.resize(dataset.labels.size());
        for (auto image = static_cast<SampleIndex>(first); image < last; ++image) {
            const auto gts = groundTruth.forSample(image);
            const ImageBoxes boxes(dataset, groundTruth, predictions, image, options.protocol);
            const ImagePairs pairs =
                matchImagePairs(dataset, groundTruth, predictions, image, boxes, options, options.classwise);
            // Per object: the highest score of a localization / classification error aimed at it.
            std::array<std::vector<double>, 2> aimedAt;
            aimedAt[0].assign(gts.size(), kNegInf);
            aimedAt[1].assign(gts.size(), kNegInf);
            for (const PairedPrediction& p : pairs.predictions) {
                if (p.ignored)
                    continue;
                Tally& own = perLabel[p.label];
                if (p.object >= 0 && gts[static_cast<std::size_t>(p.object)].label == p.label) {
                    total.tpScores.push_back(p.score);
                    own.tpScores.push_back(p.score);
                    tpIou.emplace_back(p.score, p.iou);
                    continue;
                }
                // The highest IoU with a counted object of the prediction's class and of another class.
                double same = 0, other = 0;
                int sameObject = -1, otherObject = -1;
                for (std::size_t g = 0; g < gts.size(); ++g) {
                    if (!pairs.counted[g])
                        continue;
                    const double v = boxes.iou(p.index, g);
                    if (gts[g].label == p.label) {
                        if (v > same || sameObject < 0)
                            same = v, sameObject = static_cast<int>(g);
                    } else if (v > other || otherObject < 0) {
                        other = v, otherObject = static_cast<int>(g);
                    }
                }
                ErrorType type = ErrorType::Both;
                int aimed = -1;
                if (std::max(same, other) < kBackgroundIou) {
                    type = ErrorType::Background;
                } else if (same >= kBackgroundIou && same < limit) {
                    type = ErrorType::Localization;
                    aimed = sameObject;
                } else if (other >= limit) {
                    type = ErrorType::Classification;
                    aimed = otherObject;
                } else if (same >= limit) {
                    type = ErrorType::Duplicate;
                }
                const auto k = static_cast<std::size_t>(type);
                total.fpScores[k].push_back(p.score);
                total.fpAll.push_back(p.score);
                own.fpScores[k].push_back(p.score);
                own.fpAll.push_back(p.score);
                if (aimed >= 0) {
                    double& at =
                        aimedAt[type == ErrorType::Localization ? 0 : 1][static_cast<std::size_t>(aimed)];
                    at = std::max(at, p.score);
                }
            }
            for (std::size_t g = 0; g < gts.size(); ++g) {
                if (!pairs.counted[g])
                    continue;
                Tally& own = perLabel[gts[g].label];
                const double recovered = pairs.recoveredAt[g];
                const double missed = std::max({recovered, aimedAt[0][g], aimedAt[1][g]});
                for (Tally* t : {&total, &own}) {
                    t->recoveredAt.push_back(recovered);
                    t->missedBelow.push_back(missed);
                    for (std::size_t f = 0; f < 2; ++f) {
                        if (aimedAt[f][g] > recovered) {
                            t->fixLo[f].push_back(recovered);
                            t->fixHi[f].push_back(aimedAt[f][g]);
                        }
                    }
                }
            }
        }
        return part;
    };
    m_perLabel.resize(dataset.labels.size());
    for (ErrorAnalysis& part : mapImageChunks<ErrorAnalysis>(dataset.samples.size(), work)) {
        m_total.append(std::move(part.m_total));
        for (std::size_t l = 0; l < m_perLabel.size(); ++l)
            m_perLabel[l].append(std::move(part.m_perLabel[l]));
        m_tpIou.insert(m_tpIou.end(), part.m_tpIou.begin(), part.m_tpIou.end());
    }
    m_total.sort();
    for (Tally& t : m_perLabel)
        t.sort();
    std::sort(m_tpIou.begin(), m_tpIou.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
}

ErrorCounts ErrorAnalysis::at(double threshold, LabelId label) const
{
    return label < m_perLabel.size() ? m_perLabel[label].at(threshold) : ErrorCounts{};
}

std::vector<ErrorFix> ErrorAnalysis::fixesAt(double t) const
{
    return m_total.fixesAt(t);
}

std::vector<ErrorFix> ErrorAnalysis::fixesAt(double t, LabelId label) const
{
    return label < m_perLabel.size() ? m_perLabel[label].fixesAt(t) : Tally{}.fixesAt(t);
}

Counts ErrorAnalysis::countsAt(double threshold, LabelId label) const
{
    return label < m_perLabel.size() ? m_perLabel[label].counts(threshold) : Counts{};
}

std::vector<ErrorFix> ErrorAnalysis::Tally::fixesAt(double t) const
{
    const Counts base = counts(t);
    const ErrorCounts errors = at(t);
    const double f1 = f1At(base);
    std::vector<ErrorFix> out;
    for (std::size_t k = 0; k < kErrorTypeCount; ++k) {
        const auto type = static_cast<ErrorType>(k);
        Counts fixed = base;
        fixed.fp -= errors.falsePositives[k];
        if (type == ErrorType::Localization || type == ErrorType::Classification) {
            // Objects with recovered < t <= aimed: #(lo < t) - #(hi < t), as lo < hi.
            const std::size_t f = type == ErrorType::Localization ? 0 : 1;
            const std::int64_t recovered = below(fixLo[f], t) - below(fixHi[f], t);
            fixed.tp += recovered;
            fixed.fn -= recovered;
        }
        out.push_back({type, fixed, f1At(fixed) - f1});
    }
    Counts fixed = base;
    fixed.fn -= errors.missed;
    out.push_back({std::nullopt, fixed, f1At(fixed) - f1});
    return out;
}

std::vector<std::int64_t> ErrorAnalysis::truePositiveIous(double threshold, double lower, int bins) const
{
    std::vector<std::int64_t> out(static_cast<std::size_t>(std::max(bins, 1)), 0);
    const double width = (1.0 - lower) / static_cast<double>(out.size());
    for (const auto& [score, iou] : m_tpIou) {
        if (score < threshold)
            break;
        auto bin = width > 0 ? static_cast<std::ptrdiff_t>((iou - lower) / width) : 0;
        bin = std::clamp<std::ptrdiff_t>(bin, 0, static_cast<std::ptrdiff_t>(out.size()) - 1);
        ++out[static_cast<std::size_t>(bin)];
    }
    return out;
}

} // namespace optconf
