// SPDX-License-Identifier: MIT
// The sweep's radix sort (core/eval/radix_sort.h) against std::stable_sort.
#include "core/eval/radix_sort.h"

#include <QTest>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

using namespace optconf;

class TestRadixSort : public QObject
{
    Q_OBJECT

private slots:
    void radixSortIsStableOverAnyBitSpan()
    {
        // The radix sort looks only at the bits in which the keys differ, cut into digits of up to
        // 11 bits: keys confined to random bit windows (1 to 64 bits wide, anywhere), few distinct
        // values (many ties) or all different, must come out as std::stable_sort orders them.
        std::mt19937_64 rng(2026);
        for (int trial = 0; trial < 300; ++trial) {
            const int width = 1 + int(rng() % 64), low = int(rng() % (65 - width));
            const std::uint64_t window = (width == 64 ? ~0ull : ((1ull << width) - 1)) << low;
            const std::uint64_t base = rng() & ~window;
            const std::size_t n = rng() % 3000;
            const std::uint64_t distinct = 1 + rng() % (trial % 2 ? 5 : 1000000);
            std::vector<std::pair<std::uint64_t, std::uint32_t>> items(n), scratch;
            for (std::size_t i = 0; i < n; ++i)
                items[i] = {base | ((rng() % distinct) * 0x9E3779B97F4A7C15ull & window), std::uint32_t(i)};
            auto expected = items;
            std::stable_sort(expected.begin(), expected.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            detail::radixSort(items, scratch, [](const auto& item) { return item.first; });
            QVERIFY(items == expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestRadixSort)
#include "tst_radix_sort.moc"
