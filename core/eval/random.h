// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace optconf {

/// SplitMix64: a small seeded generator whose sequence is the same on every platform and
/// standard library (std::uniform_int_distribution is not), so resampling is reproducible.
class SplitMix64
{
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n), n > 0 (Lemire's multiply-shift on the top 32 bits, for n < 2^32).
    std::uint64_t below(std::uint64_t n) { return ((next() >> 32) * n) >> 32; }

private:
    std::uint64_t m_state;
};

} // namespace optconf
