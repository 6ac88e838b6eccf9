// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/metrics.h"

#include <QString>

#include <optional>

namespace optconf {

/// Number formatting shared by every panel, so a value reads the same everywhere.
QString formatRatio(const std::optional<double>& value, int decimals = 4); ///< "—" when undefined
QString formatThreshold(double value);                                     ///< 4 decimals
QString formatCount(std::int64_t value);                                   ///< grouped digits
QString formatDuration(double seconds);                                    ///< "1 min 05 s", "3.2 s"
QString formatF1(const Metrics& m, int decimals = 4);                      ///< "—" when TP+FP+FN = 0

} // namespace optconf
