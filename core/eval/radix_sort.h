// SPDX-License-Identifier: MIT
#pragma once

// Stable LSD radix sort on 64-bit keys: the sweep and AP sort hundreds of thousands of scores,
// where std::sort's comparisons cost several times more than a few counting passes.

#include <algorithm>
#include <bit>
#include <cstddef>
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

/// Sorts `items` stably by `key(item)` (std::uint64_t) ascending, LSD, over only the bits in
/// which the keys differ: those are found first (scores in [0, 1] share their top exponent bits,
/// float32 scores held as doubles their 29 low bits), then cut into the fewest digits of at most
/// 11 bits, whose 2048 counters stay in L1. Float32-like scores take 4 passes instead of the 5
/// non-constant bytes, full doubles 6 instead of 8. `scratch` is reused storage.
template<class T, class KeyOf>
void radixSort(std::vector<T>& items, std::vector<T>& scratch, KeyOf key)
{
    const std::size_t n = items.size();
    if (n < 2)
        return;
    const std::uint64_t first = key(items.front());
    std::uint64_t differ = 0;
    for (const T& item : items)
        differ |= key(item) ^ first;
    if (differ == 0)
        return; // all keys equal: already in order
    constexpr int kMaxDigitBits = 11;
    const int low = std::countr_zero(differ), high = 63 - std::countl_zero(differ);
    const int span = high - low + 1;
    const int passes = (span + kMaxDigitBits - 1) / kMaxDigitBits;
    const int bits = (span + passes - 1) / passes;
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    std::vector<std::uint32_t> counts(static_cast<std::size_t>(passes) << bits, 0);
    for (const T& item : items) {
        const std::uint64_t k = key(item) >> low;
        for (int p = 0; p < passes; ++p)
            ++counts[(static_cast<std::size_t>(p) << bits) + ((k >> (p * bits)) & mask)];
    }
    scratch.resize(n);
    for (int p = 0; p < passes; ++p) {
        std::uint32_t* count = counts.data() + (static_cast<std::size_t>(p) << bits);
        const std::size_t buckets = std::size_t{1} << bits;
        if (std::find(count, count + buckets, static_cast<std::uint32_t>(n)) != count + buckets)
            continue; // every key has the same digit here
        std::uint32_t sum = 0;
        for (std::size_t b = 0; b < buckets; ++b) {
            const std::uint32_t here = count[b];
            count[b] = sum;
            sum += here;
        }
        const int shift = low + p * bits;
        for (const T& item : items)
            scratch[count[(key(item) >> shift) & mask]++] = item;
        items.swap(scratch);
    }
}

/// Sorts doubles ascending (no NaN).
inline void sortAscending(std::vector<double>& values)
{
    // The doubles themselves, keyed on the fly: no array of keys to make and convert back.
    // Only the bits the scores differ in are sorted on (see radixSort).
    std::vector<double> scratch;
    radixSort(values, scratch, [](double v) { return ascendingKey(v); });
}

} // namespace optconf::detail
