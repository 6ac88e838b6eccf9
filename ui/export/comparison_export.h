// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/comparison.h"
#include "core/output/page_size.h"
#include "core/output/report_json.h"

#include <QString>

#include <optional>

namespace optconf {

/// The Compare Models window's report: what `optconf-cli sweep --pred A --pred B --report PATH`
/// writes (the first model's report opening with the comparison section), HTML or PDF by the
/// name's extension. `context` gives the dataset's name and inputs; the model card states the
/// comparison as an optconf-cli command. Widget-free: runs on a worker thread. Nullopt on
/// success, else a message naming the path and the cause.
std::optional<QString> exportComparisonReport(const QString& path, const Dataset& dataset,
                                              const ComparisonResult& result, ReportContext context,
                                              PageSize pageSize = PageSize::A4);

} // namespace optconf
