// SPDX-License-Identifier: MIT
#pragma once

#include "core/model/dataset.h"
#include "core/model/diagnostics.h"

#include <functional>
#include <string>

namespace optconf {

/// The checks every loader applies to a box it read (semantics: keep what the file says, but say
/// what is odd). `where` builds the location text only when something is reported.
/// Returns false on an error (non-finite numbers): the detection must not be used.
bool checkDetection(const Detection& d, const std::string& file, const std::function<std::string()>& where,
                    DiagnosticList& diagnostics);

} // namespace optconf
