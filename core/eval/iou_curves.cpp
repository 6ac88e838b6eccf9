// SPDX-License-Identifier: MIT
#include "core/eval/iou_curves.h"

#include "core/eval/image_chunks.h"

#include <algorithm>

namespace optconf {

IouCurves::IouCurves(const Dataset& dataset, const LabelField& groundTruth, const LabelField& predictions,
                     const MatchOptions& options)
    : m_ious(apIouThresholds(options.protocol))
{
    using Part = std::vector<ThresholdCounts>;
    auto work = [&](std::size_t first, std::size_t last) {
        Part part(m_ious.size());
        MatchOptions at = options;
        for (auto image = static_cast<SampleIndex>(first); image < last; ++image) {
            ImageBoxes boxes(dataset, groundTruth, predictions, image, options.protocol);
            boxes.findCandidates(*std::min_element(m_ious.begin(), m_ious.end()));
            for (std::size_t k = 0; k < m_ious.size(); ++k) {
                at.iouThreshold = m_ious[k];
                part[k].add(
                    matchImagePairs(dataset, groundTruth, predictions, image, boxes, at, at.classwise),
                    groundTruth, image);
            }
        }
        return part;
    };
    m_counts.resize(m_ious.size());
    for (Part& part : mapImageChunks<Part>(dataset.samples.size(), work))
        for (std::size_t k = 0; k < m_ious.size(); ++k)
            m_counts[k].append(std::move(part[k]));
    ThresholdCounts::sortAll(m_counts);
}

double IouCurves::meanF1(double threshold) const
{
    if (m_counts.empty())
        return 0.0;
    double sum = 0.0;
    for (std::size_t k = 0; k < m_counts.size(); ++k)
        sum += f1(threshold, k);
    return sum / static_cast<double>(m_counts.size());
}

} // namespace optconf
