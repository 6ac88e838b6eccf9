// SPDX-License-Identifier: MIT
#include "core/eval/threshold_analysis.h"

namespace optconf {

ThresholdAnalysis analyseThresholds(const Dataset& dataset, const EvaluationResult& result)
{
    const LabelField& gt = *dataset.field(result.request.groundTruthField);
    const LabelField& pred = *dataset.field(result.request.predictionField);
    const MatchOptions& options = result.request.match;
    return {ConfusionMatrix(dataset, gt, pred, options), ErrorAnalysis(dataset, gt, pred, options),
            scoreHistogram(result.match), SizeBreakdown(dataset, gt, pred, options),
            IouCurves(dataset, gt, pred, options)};
}

double defaultAnalysisThreshold(const EvaluationResult& result)
{
    const auto& optimum = result.sweep.total.optimum;
    return optimum ? optimum->threshold : result.sweep.options.lower;
}

} // namespace optconf
