// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/matching.h"
#include "core/model/dataset.h"

#include <cstdint>
#include <span>
#include <vector>

namespace optconf {

/// One prediction of an image after greedy matching, with the object it took.
struct PairedPrediction
{
    std::uint32_t index; ///< position in the image's predictions (LabelField::forSample)
    double score;
    LabelId label;
    int object = -1;      ///< position of the matched object in the image's ground truth, or -1
    double iou = 0.0;     ///< IoU with the matched object (0 when unmatched)
    bool ignored = false; ///< counts for nothing: matched to an uncounted object, or area-ignored (coco)
};

/// One image's greedy matches, by index, so that analyses can say which prediction took which
/// object. The same rules as Matcher (semantics.md §3 and §6): buckets per class unless
/// class-agnostic, highest score first (stable), ignored objects last, the per-image cap, crowd
/// handling of the protocol, FiftyOne's relative boxes. tst_confusion checks that the counts of
/// these matches equal the Matcher's on the real data sets.
struct ImagePairs
{
    std::vector<PairedPrediction> predictions; ///< scored predictions within the cap, bucket by bucket
    std::vector<std::uint8_t> counted;         ///< per object of the image: counts for recall
    std::vector<std::uint8_t> crowd;           ///< per object: a crowd region
    /// Per object: the highest score of a same-label prediction that took it (-inf when none):
    /// the object is a false negative below it.
    std::vector<double> recoveredAt;
};

/// An object-size range of pycocotools' areaRng, in square pixels, both ends included (an area
/// of exactly 32² is small and medium, as in pycocotools).
struct AreaRange
{
    double lower = 0;
    double upper = 1e10;
    bool contains(double area) const { return area >= lower && area <= upper; }
};

/// Boxes of one image in the units IoU is computed in under a protocol, and their IoUs.
class ImageBoxes
{
public:
    ImageBoxes(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
               SampleIndex image, Protocol protocol);
    /// IoU of prediction p with object g (positions in the image), semantics.md §3.2.
    double iou(std::size_t p, std::size_t g) const
    {
        return optconf::iou(m_pred[p], m_gt[g], m_crowd[g] != 0);
    }
    /// For callers that match the same image many times at IoU thresholds >= `floor`: every IoU is
    /// computed once and each prediction keeps the objects it reaches at `floor` or more, the
    /// only ones greedy matching at such a threshold can take, so each matching visits those.
    void findCandidates(double floor);
    struct Candidate
    {
        std::uint32_t object;
        double iou;
    };
    bool hasCandidates() const { return !m_candidateStart.empty(); }
    double candidateFloor() const { return m_floor; }
    std::span<const Candidate> candidates(std::size_t p) const
    {
        return std::span(m_candidates)
            .subspan(m_candidateStart[p], m_candidateStart[p + 1] - m_candidateStart[p]);
    }
    /// Areas in square pixels as pycocotools' area rule reads them (Detection::area; relative
    /// areas times the image size; NaN, outside every range, when that size is unknown).
    double objectArea(std::size_t g) const { return m_gtArea[g]; }
    double predictionArea(std::size_t p) const { return m_predArea[p]; }

private:
    std::vector<Box> m_pred, m_gt;
    std::vector<std::uint8_t> m_crowd;
    std::vector<double> m_gtArea, m_predArea;
    double m_floor = 1.0;
    std::vector<std::size_t> m_candidateStart; ///< per prediction, into m_candidates; one more at the end
    std::vector<Candidate> m_candidates;
};

/// Greedy matching of one image. `classwise` overrides options.classwise (the confusion matrix is
/// always class-agnostic). With `sizes`, pycocotools' areaRng: objects whose area is outside the
/// range are ignored (sorted last, counting for nothing, as are matches to them) and so is an
/// unmatched prediction whose area is outside it.
ImagePairs matchImagePairs(const Dataset& dataset, const LabelField& groundTruth,
                           const LabelField& predictions, SampleIndex image, const ImageBoxes& boxes,
                           const MatchOptions& options, bool classwise, const AreaRange* sizes = nullptr);

} // namespace optconf
