// SPDX-License-Identifier: MIT
#include "core/eval/pair_matching.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace optconf {

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
constexpr double kMaxIouLimit = 1.0 - 1e-10;

bool areaOutOfRange(double area)
{
    return !(area >= 0.0 && area <= 1e10); // pycocotools' area range 'all'
}

} // namespace

ImageBoxes::ImageBoxes(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                       SampleIndex image, Protocol protocol)
{
    const Sample& sample = dataset.samples[image];
    // FiftyOne holds pixel boxes divided by the image size and computes IoU on those.
    const bool relative = protocol != Protocol::Coco && dataset.boxUnits == BoxUnits::Pixels &&
                          sample.width > 0 && sample.height > 0;
    const auto width = static_cast<double>(sample.width), height = static_cast<double>(sample.height);
    auto convert = [&](const Box& b) {
        return relative ? Box{b.x / width, b.y / height, b.w / width, b.h / height} : b;
    };
    // Sizes are in pixels whatever the units of the boxes.
    const bool sized = dataset.boxUnits != BoxUnits::Relative;
    const double pixels =
        sample.width > 0 && sample.height > 0 ? width * height : std::numeric_limits<double>::quiet_NaN();
    auto pixelArea = [&](const Detection& d) { return sized ? d.area : d.area * pixels; };
    for (const Detection& d : predictions.forSample(image)) {
        m_pred.push_back(convert(d.box));
        m_predArea.push_back(pixelArea(d));
    }
    for (const Detection& d : groundTruth.forSample(image)) {
        m_gt.push_back(convert(d.box));
        m_crowd.push_back(d.crowd ? 1 : 0);
        m_gtArea.push_back(pixelArea(d));
    }
}

void ImageBoxes::findCandidates(double floor)
{
    m_floor = floor;
    m_candidateStart.assign(1, 0);
    m_candidates.clear();
    for (std::size_t p = 0; p < m_pred.size(); ++p) {
        for (std::size_t g = 0; g < m_gt.size(); ++g) {
            const double v = iou(p, g);
            if (v >= floor)
                m_candidates.push_back({static_cast<std::uint32_t>(g), v});
        }
        m_candidateStart.push_back(m_candidates.size());
    }
}

ImagePairs matchImagePairs(const Dataset& /*dataset*/, const LabelField& groundTruth,
                           const LabelField& predictions, SampleIndex image, const ImageBoxes& boxes,
                           const MatchOptions& options, bool classwise, const AreaRange* sizes)
{
    const auto gts = groundTruth.forSample(image);
    const auto preds = predictions.forSample(image);
    const bool coco = options.protocol == Protocol::Coco;
    const bool sameLabelCrowds = !coco && !classwise;
    auto outsideSizes = [&](double pixelArea) { return sizes && !sizes->contains(pixelArea); };
    auto ignoredGt = [&](const Detection& g, std::size_t i) {
        return (g.difficult && !options.countDifficult) || g.crowd || (coco && areaOutOfRange(g.area)) ||
               outsideSizes(boxes.objectArea(i));
    };
    auto uncountedGt = [&](const Detection& g, std::size_t i) {
        return (g.difficult && !options.countDifficult) || (coco && (g.crowd || areaOutOfRange(g.area))) ||
               outsideSizes(boxes.objectArea(i));
    };
    auto bucketOf = [&](const Detection& d) { return classwise ? d.label : 0u; };

    ImagePairs out;
    out.counted.resize(gts.size());
    out.crowd.resize(gts.size());
    out.recoveredAt.assign(gts.size(), kNegInf);
    std::vector<std::uint8_t> ignored(gts.size()), matched(gts.size(), 0);
    for (std::size_t g = 0; g < gts.size(); ++g) {
        out.counted[g] = uncountedGt(gts[g], g) ? 0 : 1;
        out.crowd[g] = gts[g].crowd ? 1 : 0;
        ignored[g] = ignoredGt(gts[g], g) ? 1 : 0;
    }

    std::vector<std::uint32_t> predOrder, gtOrder(gts.size());
    for (std::uint32_t i = 0; i < preds.size(); ++i)
        if (preds[i].hasConfidence())
            predOrder.push_back(i);
    std::iota(gtOrder.begin(), gtOrder.end(), 0u);
    std::stable_sort(predOrder.begin(), predOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto ba = bucketOf(preds[a]), bb = bucketOf(preds[b]);
        if (ba != bb)
            return ba < bb;
        return preds[a].confidence > preds[b].confidence;
    });
    std::stable_sort(gtOrder.begin(), gtOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
        const auto ba = bucketOf(gts[a]), bb = bucketOf(gts[b]);
        if (ba != bb)
            return ba < bb;
        return ignored[a] < ignored[b];
    });

    const double limit = std::min(options.iouThreshold, kMaxIouLimit);
    const bool sparse = boxes.hasCandidates() && limit >= boxes.candidateFloor();
    std::vector<std::size_t> position;
    std::vector<ImageBoxes::Candidate> reached;
    if (sparse) {
        position.resize(gts.size());
        for (std::size_t j = 0; j < gtOrder.size(); ++j)
            position[gtOrder[j]] = j;
    }
    std::size_t pi = 0, gi = 0;
    while (pi < predOrder.size()) {
        const LabelId bucket = bucketOf(preds[predOrder[pi]]);
        std::size_t pEnd = pi;
        while (pEnd < predOrder.size() && bucketOf(preds[predOrder[pEnd]]) == bucket)
            ++pEnd;
        while (gi < gtOrder.size() && bucketOf(gts[gtOrder[gi]]) < bucket)
            ++gi;
        std::size_t gEnd = gi;
        while (gEnd < gtOrder.size() && bucketOf(gts[gtOrder[gEnd]]) == bucket)
            ++gEnd;
        std::size_t np = pEnd - pi;
        if (options.maxDetections && np > static_cast<std::size_t>(*options.maxDetections))
            np = static_cast<std::size_t>(*options.maxDetections);
        for (std::size_t k = pi; k < pi + np; ++k) {
            const std::uint32_t d = predOrder[k];
            const Detection& p = preds[d];
            double best = limit;
            int m = -1;
            // One object in visiting order; false when the search stops.
            auto visit = [&](std::uint32_t g, auto iouOf) {
                if (matched[g] && !gts[g].crowd)
                    return true;
                if (sameLabelCrowds && gts[g].crowd && gts[g].label != p.label)
                    return true;
                if (m > -1 && !ignored[static_cast<std::size_t>(m)] && ignored[g])
                    return false;
                const double v = iouOf();
                if (v < best)
                    return true;
                best = v;
                m = static_cast<int>(g);
                return true;
            };
            if (sparse) {
                // Objects below the floor never pass `v < best`; the stop at the first ignored
                // object after a held one comes at the next ignored candidate instead, as every
                // object after an ignored one is ignored too: the same match.
                reached.clear();
                for (const ImageBoxes::Candidate& c : boxes.candidates(d))
                    if (position[c.object] >= gi && position[c.object] < gEnd)
                        reached.push_back(c);
                std::sort(reached.begin(), reached.end(), [&](const auto& a, const auto& b) {
                    return position[a.object] < position[b.object];
                });
                for (const ImageBoxes::Candidate& c : reached)
                    if (!visit(c.object, [&c] { return c.iou; }))
                        break;
            } else {
                for (std::size_t j = gi; j < gEnd; ++j)
                    if (!visit(gtOrder[j], [&] { return boxes.iou(d, gtOrder[j]); }))
                        break;
            }
            PairedPrediction rec{d, p.confidence, p.label, m, m < 0 ? 0.0 : best, false};
            if (m < 0) {
                rec.ignored = (coco && areaOutOfRange(p.box.area())) || outsideSizes(boxes.predictionArea(d));
            } else {
                const auto g = static_cast<std::size_t>(m);
                matched[g] = 1;
                rec.ignored = out.counted[g] == 0;
                if (!rec.ignored && gts[g].label == p.label && out.recoveredAt[g] == kNegInf)
                    out.recoveredAt[g] = p.confidence; // highest first: the first match recovers it
            }
            out.predictions.push_back(rec);
        }
        pi = pEnd;
        gi = gEnd;
    }
    return out;
}

} // namespace optconf
