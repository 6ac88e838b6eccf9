// SPDX-License-Identifier: MIT
#include "core/model/dataset.h"

#include <algorithm>

namespace optconf {

std::size_t LabelField::scoredCount() const
{
    return static_cast<std::size_t>(std::count_if(detections.begin(), detections.end(),
                                                  [](const Detection& d) { return d.hasConfidence(); }));
}

bool LabelField::isScored() const
{
    return std::any_of(detections.begin(), detections.end(),
                       [](const Detection& d) { return d.hasConfidence(); });
}

const LabelField* Dataset::field(std::string_view name) const
{
    auto it = std::find_if(fields.begin(), fields.end(), [&](const LabelField& f) { return f.name == name; });
    return it == fields.end() ? nullptr : &*it;
}

} // namespace optconf
