// SPDX-License-Identifier: MIT
#pragma once

// Stable LSD radix sort on 64-bit keys: the sweep and AP sort hundreds of thousands of scores,
// where std::sort's comparisons cost 3-4x more than four counting passes.

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

/// Sorts `items` stably by `key(item)` (std::uint64_t) ascending. `scratch` is reused storage.
template<class T, class KeyOf>
void radixSort(std::vector<T>& items, std::vector<T>& scratch, KeyOf key)
{
    constexpr int kDigits = 4;
    constexpr std::size_t kBuckets = 1 << 16;
    const std::size_t n = items.size();
    if (n < (1u << 15)) { // below this, the 1 MiB of histograms costs more than comparisons
        std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
        return;
    }
    std::vector<std::array<std::uint32_t, kDigits>> counts(kBuckets);
    for (const T& item : items) {
        const std::uint64_t k = key(item);
        for (int d = 0; d < kDigits; ++d)
            ++counts[(k >> (16 * d)) & 0xFFFF][static_cast<std::size_t>(d)];
    }
    scratch.resize(n);
    for (int d = 0; d < kDigits; ++d) {
        const auto di = static_cast<std::size_t>(d);
        // A digit every key shares moves nothing: skip its pass.
        bool trivial = false;
        for (std::size_t b = 0; b < kBuckets && !trivial; ++b)
            if (counts[b][di] != 0)
                trivial = counts[b][di] == n;
        if (trivial)
            continue;
        std::uint32_t sum = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            const std::uint32_t c = counts[b][di];
            counts[b][di] = sum;
            sum += c;
        }
        for (const T& item : items)
            scratch[counts[(key(item) >> (16 * d)) & 0xFFFF][di]++] = item;
        items.swap(scratch);
    }
}

/// radixSort() with 8-bit digits: 256 buckets fit in L1, which suits a few thousand items (one
/// class's detections), where radixSort() would clear 1 MiB of counters or fall back to merging.
/// Stable; digits every key shares are skipped (float32 scores held as doubles have 29 zero bits).
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
    // Equal keys are equal bit patterns, so stability does not matter here: below the radix sort's
    // threshold, std::sort on the keys beats the stable merge sort radixSort() would fall back to.
    if (keys.size() < (1u << 15))
        std::sort(keys.begin(), keys.end());
    else
        radixSort(keys, scratch, [](std::uint64_t k) { return k; });
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = fromAscendingKey(keys[i]);
}

} // namespace optconf::detail
