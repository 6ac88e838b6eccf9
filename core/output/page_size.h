// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace optconf {

/// The paper of a PDF report. Here, not in render/, so optconf-cli checks --page-size before it
/// loads the module that paints (app/cli_renderer.h).
enum class PageSize
{
    A4,
    Letter
};

/// "a4"/"letter", case-insensitive, surrounding blanks ignored; nullopt for anything else.
inline std::optional<PageSize> parsePageSize(std::string_view text)
{
    const auto blank = [](unsigned char c) { return std::isspace(c) != 0; };
    while (!text.empty() && blank(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && blank(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "a4")
        return PageSize::A4;
    if (lower == "letter")
        return PageSize::Letter;
    return std::nullopt;
}

} // namespace optconf
