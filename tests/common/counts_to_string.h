// SPDX-License-Identifier: MIT
#pragma once
// How Qt Test prints Counts in a failed QCOMPARE: "TP 3 FP 1 FN 2".
#include "core/eval/metrics.h"

#include <QTest>

#include <string>

namespace QTest {
template<>
inline char* toString(const optconf::Counts& c)
{
    return qstrdup(
        ("TP " + std::to_string(c.tp) + " FP " + std::to_string(c.fp) + " FN " + std::to_string(c.fn))
            .c_str());
}
} // namespace QTest
