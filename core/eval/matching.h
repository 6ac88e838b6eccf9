// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/loader.h"
#include "core/model/dataset.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace optconf {

/// Whose counting rules apply (semantics.md §3 and §6).
enum class Protocol
{
    FiftyOne, ///< FiftyOne COCO-style evaluate_detections: crowds are TP when matched, FN when not
    Coco,     ///< pycocotools: crowd/area-ignored matches count for nothing, per-image cap
};

struct MatchOptions
{
    double iouThreshold = 0.5;
    bool classwise = true;
    Protocol protocol = Protocol::FiftyOne;
    /// Highest-scoring predictions kept per image and category (per image with class-agnostic
    /// matching); empty means no limit. pycocotools' default is 100.
    std::optional<int> maxDetections;
    /// Also match at IoU .50:.05:.95 for AP@0.5 and AP@[.5:.95].
    bool computeAp = true;
    /// Count Pascal VOC "difficult" objects as ordinary ground truth instead of ignoring them.
    bool countDifficult = false;
    /// Buckets (one image's predictions and ground truth of one class) with more pairs than this are
    /// matched one prediction at a time instead of through a table of every pair's IoU: the same
    /// matches, with memory linear in the boxes (the table of 20,000 x 20,000 boxes is 3.2 GB).
    std::size_t maxIouTablePairs = std::size_t{1} << 22;
};

/// FiftyOne's mAP sweep keeps the highest-scoring 100 predictions per image and class
/// (`max_preds`), while its threshold counts keep every prediction.
inline constexpr int kFiftyOneApMaxPredictions = 100;

/// The predictions per image and class (per image with class-agnostic matching) that AP keeps
/// under these options: pycocotools' maxDets (the per-image cap) under coco; FiftyOne's 100, or
/// fewer when the cap keeps fewer, under fiftyone. Empty means no limit.
std::optional<int> apMaxDetections(const MatchOptions& options);

/// The outcome for one prediction at the matching IoU threshold.
enum class PredictionStatus : std::uint8_t
{
    TruePositive,
    FalsePositive,
    Ignored
};

struct MatchedPrediction
{
    double score;
    LabelId label;
    PredictionStatus status;
};

/// A ground-truth object that counts for recall, and the score of the first (highest) prediction
/// that recovers it: it is a false negative at every threshold above that score.
struct CountedGroundTruth
{
    double recoveredAt;   ///< -inf when no prediction of the right class matches it
    double imageMaxScore; ///< highest score in its image (-inf without predictions): plugin parity
    LabelId label;
};

/// The per-prediction record pycocotools' accumulate() needs for AP, at all 10 IoU thresholds.
struct ApDetection
{
    double score;
    std::uint32_t image; ///< rank of its image in ascending image-id order (accumulate's order)
    std::uint32_t rank;  ///< position in its image's score order
    LabelId label;
    std::uint16_t matched; ///< bit k: matched at IoU threshold k (TP when not ignored)
    std::uint16_t ignored; ///< bit k: ignored at IoU threshold k
};

/// Everything the sweep needs, from one matching pass over the dataset.
struct MatchResult
{
    std::vector<MatchedPrediction> predictions;  ///< scored predictions that took part
    std::vector<CountedGroundTruth> groundTruth; ///< objects that count for recall
    std::vector<ApDetection> apDetections;
    std::vector<std::int64_t> apGroundTruthPerLabel; ///< non-ignored GT per label (npig)
    std::int64_t unscoredPredictions = 0;            ///< never kept at any threshold (semantics.md §1)
    std::int64_t droppedPredictions = 0;             ///< over the per-image cap (MatchOptions::maxDetections)
    std::int64_t ignoredGroundTruth = 0;             ///< crowds/out-of-range areas under the coco protocol
    std::size_t imagesDone = 0;

    /// Appends another chunk's records (images are independent).
    void append(MatchResult&& other);
};

/// Which detection each record of a MatchResult stands for: its index in its field's
/// `detections` (global, not per image), in the order of MatchResult::predictions and
/// MatchResult::groundTruth. Lets a viewer give every box the status the counts gave it.
struct MatchTrace
{
    std::vector<std::uint32_t> predictions;
    std::vector<std::uint32_t> groundTruth;
};

/// Intersection over union of [x, y, w, h] boxes; for a crowd ground truth the union is the
/// prediction's area. semantics.md §3.2.
double iou(const Box& prediction, const Box& groundTruth, bool crowd);

/// pycocotools' 10 IoU thresholds, numpy.linspace(.5, .95, 10) bit for bit (the ninth is
/// 0.8999999999999999).
const std::vector<double>& cocoIouThresholds();

/// FiftyOne's 10 IoU thresholds, [x / 100 for x in range(50, 100, 5)]: the decimals 0.5 .. 0.95.
const std::vector<double>& fiftyOneIouThresholds();

/// The IoU thresholds of AP@[.5:.95] under a protocol.
const std::vector<double>& apIouThresholds(Protocol protocol);

/// Matches one field against another, image by image, in parallel on all cores.
/// `onChunk` (optional) receives the running result after each chunk of images, in order, so a
/// front end can draw the curve over the images done so far; return false to cancel.
class Matcher
{
public:
    Matcher(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
            MatchOptions options);

    using ChunkCallback = std::function<bool(const MatchResult& soFar, std::size_t imagesDone)>;
    /// Returns nullopt when cancelled.
    std::optional<MatchResult> run(const ChunkCallback& onChunk = {}, std::size_t chunkImages = 0) const;

    /// Matches images [first, last) on the calling thread; `trace`, when given, receives the
    /// detection behind every prediction and ground-truth record.
    MatchResult matchImages(std::size_t first, std::size_t last, MatchTrace* trace = nullptr) const;

private:
    const Dataset& m_dataset;
    const LabelField& m_gt;
    const LabelField& m_pred;
    MatchOptions m_options;
    std::vector<std::uint32_t> m_imageOrder; // image-id rank for AP accumulation order
};

} // namespace optconf
