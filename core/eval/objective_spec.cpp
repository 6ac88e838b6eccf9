// SPDX-License-Identifier: MIT
#include "core/eval/objective_spec.h"
#include "core/eval/evaluation.h"

#include <charconv>
#include <cmath>
#include <optional>

namespace optconf {

namespace {

std::string_view trimmed(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// The whole text as one number, or nullopt.
std::optional<double> wholeNumber(std::string_view s)
{
    s = trimmed(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

} // namespace

std::variant<Objective, std::string> parseCosts(std::string_view text)
{
    const std::size_t comma = text.find(',');
    const auto fp = comma == std::string_view::npos ? std::nullopt : wholeNumber(text.substr(0, comma));
    const auto fn = comma == std::string_view::npos ? std::nullopt : wholeNumber(text.substr(comma + 1));
    if (!fp || !fn)
        return "expected two numbers, the cost of a false positive and of a missed object, as in "
               "cost:1,5; got '" +
               std::string(text) + "'";
    Objective o;
    o.kind = Objective::Kind::Cost;
    o.costFp = *fp;
    o.costFn = *fn;
    if (auto why = objectiveProblem(o))
        return *why + "; got '" + std::string(text) + "'";
    return o;
}

} // namespace optconf
