// SPDX-License-Identifier: MIT
#include "core/output/invocation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace optconf {

namespace {

std::string number(double v)
{
    char buf[40];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? end : buf);
}

} // namespace

std::string shellCommandLine(const std::vector<std::string>& arguments)
{
    std::string out;
    for (const std::string& a : arguments) {
        if (!out.empty())
            out += ' ';
        const bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](unsigned char c) {
            return std::isalnum(c) || std::string_view("-_./=:,+@%").find(char(c)) != std::string_view::npos;
        });
        if (plain) {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        out += '\'';
    }
    return out;
}

std::string equivalentCliCommand(const EvaluationRequest& request, const std::vector<std::string>& inputs)
{
    const SweepOptions& s = request.sweep;
    const MatchOptions& m = request.match;
    std::vector<std::string> words{"optconf-cli", "sweep"};
    words.insert(words.end(), inputs.begin(), inputs.end());
    words.insert(words.end(),
                 {"--gt", request.groundTruthField, "--pred", request.predictionField, "--lower",
                  number(s.lower), "--upper", number(s.upper), "--steps", std::to_string(s.steps), "--iou",
                  number(m.iouThreshold), "--protocol", m.protocol == Protocol::Coco ? "coco" : "fiftyone"});
    if (m.maxDetections)
        words.insert(words.end(), {"--max-dets", std::to_string(*m.maxDetections)});
    if (!m.classwise)
        words.emplace_back("--class-agnostic");
    if (m.countDifficult)
        words.emplace_back("--count-difficult");
    if (s.pluginParity)
        words.emplace_back("--plugin-parity");
    words.insert(words.end(), {"--objective", s.objective.spec()});
    if (s.minPrecision)
        words.insert(words.end(), {"--min-precision", number(*s.minPrecision)});
    if (s.minRecall)
        words.insert(words.end(), {"--min-recall", number(*s.minRecall)});
    return shellCommandLine(words);
}

} // namespace optconf
