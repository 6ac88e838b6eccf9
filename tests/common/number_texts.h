// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace optconf::test {

/// JSON number texts that a reader must turn into the correctly rounded double (glibc's strtod):
/// edge cases (signed zeros, 2^53 + 1, the smallest subnormal, exponents of 22 and 23) and 20,000
/// random values printed in six formats, a seventh negative. The same every run.
inline std::vector<std::string> numberTexts()
{
    std::mt19937_64 random(20261125);
    std::vector<std::string> texts = {"0",
                                      "-0",
                                      "-0.0",
                                      "0.1",
                                      "1e22",
                                      "1e23",
                                      "123456789012345.6",
                                      "5e-324",
                                      "9007199254740993",
                                      "0.30000000000000004",
                                      "1E+2",
                                      "2.5e-3"};
    char buffer[64];
    for (int i = 0; i < 20000; ++i) {
        const double v = std::ldexp(double(random() >> 11), int(random() % 80) - 70);
        const char* formats[] = {"%.17g", "%.16g", "%.15g", "%.6f", "%.3e", "%.9g"};
        std::snprintf(buffer, sizeof buffer, formats[i % 6], i % 7 == 0 ? -v : v);
        texts.emplace_back(buffer);
    }
    return texts;
}

} // namespace optconf::test
