// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"
#include "core/output/input_digest.h"
#include "core/output/selected_point.h"

#include <memory>
#include <optional>

#include <string>

namespace optconf {

struct ThresholdAnalysis;
struct DeploymentReport;
struct ComparisonResult;

struct ReportContext
{
    std::string datasetName;         ///< what the user opened, for the report header
    std::vector<std::string> inputs; ///< paths as given
    bool includeCurve = false;       ///< add every distinct-score row as "curve"
    // Model card: what a reader needs to know what the report is about and to reproduce it.
    std::string title;           ///< the user's; empty: the prediction field's name
    std::string notes;           ///< the user's free text
    std::string invocation;      ///< the exact command line, or the app's settings as an optconf-cli command
    bool invokedFromApp = false; ///< invocation states the app's settings, not what was typed
    std::vector<InputDigest> inputDigests; ///< each input's size and SHA-256
    /// Confusion matrix, error types and score histogram (JSON "confusion" and "errors", report
    /// sections), shown at `analysisThreshold`; absent: left out.
    std::shared_ptr<const ThresholdAnalysis> analysis;
    double analysisThreshold = 0;
    /// The threshold rules, cross-validation and bootstrap, when asked for (else not reported).
    const DeploymentReport* deployment = nullptr;
    /// Set: the HTML/PDF report and the thresholds file are written at this threshold the user
    /// chose, and say so; empty: at the optimum, as always.
    std::optional<SelectedPoint> selected;
    /// Several models compared (this run is the first of them): the HTML/PDF report opens with the
    /// comparison section. The JSON report ignores it.
    const ComparisonResult* comparison = nullptr;
};

/// The report's title: the user's, else the prediction field's name.
std::string reportTitle(const ReportContext& context, const EvaluationRequest& request);

/// The `optconf-cli --json` report; the GUI's JSON export writes the same text.
std::string reportJson(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context);

/// CSV of the grid rows (or of the exact curve): threshold,tp,fp,fn,precision,recall,f1[,objective].
/// Undefined values are empty cells.
std::string gridCsv(const EvaluationResult& result, bool exactCurve = false);

/// Text for protocols and stages, shared by every front end.
const char* protocolName(Protocol p);

} // namespace optconf
