// SPDX-License-Identifier: MIT
#pragma once

#include "core/eval/evaluation.h"

#include <QStringList>

namespace optconf {

/// What differs between the request a result was computed with and the one the window would run
/// now, one entry per setting or field ("steps 101 → 51"), in the order they appear on screen;
/// empty when the result is current.
QStringList settingsChanges(const EvaluationRequest& ran, const EvaluationRequest& now);

} // namespace optconf
