// SPDX-License-Identifier: MIT
#pragma once

#include "evaluation.h"

#include <string>

namespace optconf {

struct ReportContext
{
    std::string datasetName;         ///< what the user opened, for the report header
    std::vector<std::string> inputs; ///< paths as given
    bool includeCurve = false;       ///< add every distinct-score row as "curve"
};

/// The `optconf-cli --json` report; the GUI's JSON export writes the same text.
std::string reportJson(const Dataset& dataset, const EvaluationResult& result, const ReportContext& context);

/// CSV of the grid rows (or of the exact curve): threshold,tp,fp,fn,precision,recall,f1[,objective].
/// Undefined values are empty cells.
std::string gridCsv(const EvaluationResult& result, bool exactCurve = false);

/// Text for protocols and stages, shared by every front end.
const char* protocolName(Protocol p);

} // namespace optconf
