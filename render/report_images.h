// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QImage>
#include <QString>

#include <filesystem>
#include <vector>

namespace optconf {

/// One image of a report's "Images with the most errors": drawn with its boxes at the threshold.
struct ReportImage
{
    QString name; ///< the file name as the dataset gives it
    Counts counts;
    bool found = false;
    QImage picture;
};

/// Longest side of a report thumbnail, in pixels.
inline constexpr int kReportImageSide = 320;

/// The threshold a report's images are drawn at: the exact optimum, else the best grid point,
/// else 0.5.
double reportImageThreshold(const EvaluationResult& result);

/// The `count` images with the most errors (FP + FN) at reportImageThreshold(), worst first, each
/// drawn with its boxes over the image when it is found (ground-truth folders, then `imagesDir`
/// first when given), on a blank canvas of its size otherwise (`simulated`: the simulator's
/// picture of it, painted from the ground truth). Runs one matching pass.
std::vector<ReportImage> reportImages(const Dataset& dataset, const EvaluationResult& result, int count,
                                      const std::filesystem::path& imagesDir, bool simulated = false);

} // namespace optconf
