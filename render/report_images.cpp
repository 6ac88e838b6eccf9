// SPDX-License-Identifier: MIT
#include "render/report_images.h"

#include "core/eval/image_status.h"
#include "core/io/image_paths.h"
#include "render/image_boxes.h"
#include "render/scene_picture.h"

#include <QImageReader>

#include <algorithm>

namespace optconf {

double reportImageThreshold(const EvaluationResult& result)
{
    if (result.sweep.total.optimum)
        return result.sweep.total.optimum->threshold;
    if (result.sweep.total.best)
        return result.sweep.total.best->threshold;
    return 0.5;
}

std::vector<ReportImage> reportImages(const Dataset& dataset, const EvaluationResult& result, int count,
                                      const std::filesystem::path& imagesDir, bool simulated)
{
    std::vector<ReportImage> out;
    const LabelField* gt = dataset.field(result.request.groundTruthField);
    const LabelField* pred = dataset.field(result.request.predictionField);
    if (count <= 0 || !gt || !pred)
        return out;
    const auto index =
        ImageStatusIndex::build(dataset, *gt, *pred, result.request.match, result.sweep.options.pluginParity);
    if (!index)
        return out;
    const double threshold = reportImageThreshold(result);
    const std::vector<Counts> perImage = index->allCounts(threshold);
    const auto worst = imagesWithMostErrors(perImage, static_cast<std::size_t>(count));
    const auto folders = imageFolders(*gt, imagesDir);
    for (const SampleIndex s : worst) {
        const Sample& sample = dataset.samples[s];
        ReportImage image;
        image.name = QString::fromStdString(sample.fileName.empty() ? sample.id : sample.fileName);
        image.counts = perImage[s];
        const ImageLocation where = locateImage(sample, folders);
        QImage decoded;
        if (where.found) {
            QImageReader reader(QString::fromStdString(where.path.string()));
            reader.setAutoTransform(true);
            const QSize size = reader.size();
            // Decoded at twice the thumbnail size at most: sharp when printed, small in the file.
            if (size.isValid() && std::max(size.width(), size.height()) > 2 * kReportImageSide)
                reader.setScaledSize(
                    size.scaled(2 * kReportImageSide, 2 * kReportImageSide, Qt::KeepAspectRatio));
            decoded = reader.read();
        } else if (simulated) {
            decoded =
                paintScene(describeScene(sample, gt->forSample(s), dataset.boxUnits), 2 * kReportImageSide);
        }
        image.found = !decoded.isNull();
        // The missing note names the file as the dataset does, not a machine's path: the same
        // report wherever it is made.
        image.picture = renderImageWithBoxes(decoded, image.name, sample, dataset.boxUnits,
                                             index->boxes(s, threshold), dataset.labels, kReportImageSide);
        out.push_back(std::move(image));
    }
    return out;
}

} // namespace optconf
