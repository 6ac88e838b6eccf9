// SPDX-License-Identifier: MIT
#include "ui/export/comparison_export.h"

#include "core/output/input_digest.h"
#include "core/output/invocation.h"
#include "render/comparison_report.h"
#include "render/report_writer.h"

#include <QFileInfo>

#include <filesystem>
#include <string>
#include <vector>

namespace optconf {

namespace {

/// The app's comparison as the optconf-cli command that makes the same report.
std::string comparisonCommand(const ComparisonResult& result, const std::vector<std::string>& inputs)
{
    std::string command = equivalentCliCommand(result.models.front().request, inputs);
    std::vector<std::string> more;
    for (std::size_t m = 1; m < result.rows.size(); ++m) {
        more.emplace_back("--pred");
        more.push_back(result.rows[m].field);
    }
    const ComparisonRequest& r = result.request;
    for (const std::string& word :
         {std::string("--bootstrap"), std::to_string(r.bootstrapReplicates), std::string("--seed"),
          std::to_string(r.seed), std::string("--common-threshold"),
          QString::number(r.commonThreshold).toStdString()})
        more.push_back(word);
    return command + " " + shellCommandLine(more);
}

} // namespace

std::optional<QString> exportComparisonReport(const QString& path, const Dataset& dataset,
                                              const ComparisonResult& result, ReportContext context,
                                              PageSize pageSize)
{
    if (result.models.empty())
        return QStringLiteral("cannot write %1: there is no comparison to export").arg(path);
    if (context.invocation.empty()) {
        context.invocation = comparisonCommand(result, context.inputs);
        context.invokedFromApp = true;
    }
    if (context.inputDigests.empty() && !context.inputs.empty()) {
        std::vector<std::filesystem::path> paths(context.inputs.begin(), context.inputs.end());
        context.inputDigests = digestInputs(paths);
    }
    const ReportContext full = comparisonReportContext(std::move(context), dataset, result);
    const ReportInput input{dataset, result.models.front(), full, QDateTime::currentDateTimeUtc()};
    if (QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0)
        return writePdfReport(path, input, pageSize);
    return writeHtmlReport(path, input);
}

} // namespace optconf
