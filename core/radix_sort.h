// SPDX-License-Identifier: MIT
#pragma once

// Stable LSD radix sort on 64-bit keys: the sweep and AP sort hundreds of thousands of scores,
// where std::sort's comparisons cost several times more than a few counting passes.

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace optconf::detail {

/// A key whose unsigned order is the order of the doubles (NaN excluded). -0.0 sorts just before
/// +0.0 (a valid order for `<`, where they are equal), unless `zeroesTie`: then both map to the
/// same key and keep their input order, as a comparison sort that falls through to later keys.
inline std::uint64_t ascendingKey(double v, bool zeroesTie = false)
{
    if (zeroesTie && v == 0.0)
        v = 0.0;
    const auto bits = std::bit_cast<std::uint64_t>(v);
    return (bits >> 63) ? ~bits : bits | (std::uint64_t{1} << 63);
}

inline double fromAscendingKey(std::uint64_t key)
{
    return std::bit_cast<double>((key >> 63) ? key & ~(std::uint64_t{1} << 63) : ~key);
}

/// Sorts `items` stably by `key(item)` (std::uint64_t) ascending, one byte digit at a time (LSD);
/// `scratch` is reused storage. The 256 counters of a digit stay in L1 at every size, and digits
/// every key shares are skipped (float32 scores held as doubles have 29 zero bits).
template<class T, class KeyOf>
void radixSortBytes(std::vector<T>& items, std::vector<T>& scratch, KeyOf key)
{
    constexpr int kDigits = 8;
    const std::size_t n = items.size();
    std::array<std::array<std::uint32_t, 256>, kDigits> counts{};
    for (const T& item : items) {
        const std::uint64_t k = key(item);
        for (int d = 0; d < kDigits; ++d)
            ++counts[static_cast<std::size_t>(d)][(k >> (8 * d)) & 0xFF];
    }
    scratch.resize(n);
    for (int d = 0; d < kDigits; ++d) {
        auto& count = counts[static_cast<std::size_t>(d)];
        if (std::find(count.begin(), count.end(), static_cast<std::uint32_t>(n)) != count.end())
            continue; // every key has the same digit here
        std::uint32_t sum = 0;
        for (std::uint32_t& c : count) {
            const std::uint32_t here = c;
            c = sum;
            sum += here;
        }
        for (const T& item : items)
            scratch[count[(key(item) >> (8 * d)) & 0xFF]++] = item;
        items.swap(scratch);
    }
}

/// Sorts doubles ascending (no NaN).
inline void sortAscending(std::vector<double>& values)
{
    std::vector<std::uint64_t> keys(values.size()), scratch;
    for (std::size_t i = 0; i < values.size(); ++i)
        keys[i] = ascendingKey(values[i]);
    // Byte digits: their 256 counters stay in L1 at every size, and the digits all scores share
    // (29 low bits of float32 scores held as doubles, most exponent bits) cost nothing.
    radixSortBytes(keys, scratch, [](std::uint64_t k) { return k; });
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = fromAscendingKey(keys[i]);
}

} // namespace optconf::detail
