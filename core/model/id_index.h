// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace optconf {

/// Integer ids (COCO image and category ids) to 32-bit indices. Ids are small and dense in
/// practice (COCO val2017: 5,000 images numbered up to 581,929; categories 1..90), so those below
/// a bound that grows with the number of entries live in a flat table, looked up without hashing
/// (half a million lookups per results file); any others in a hash map.
class IdIndex
{
public:
    /// Adds `id` unless it is there already (the first one stays).
    void emplace(std::int64_t id, std::uint32_t value) { put(id, value, false); }
    /// Adds `id`, or gives it a new value.
    void assign(std::int64_t id, std::uint32_t value) { put(id, value, true); }

    std::optional<std::uint32_t> find(std::int64_t id) const
    {
        if (id >= 0 && static_cast<std::uint64_t>(id) < m_table.size()) {
            const std::uint32_t slot = m_table[static_cast<std::size_t>(id)];
            return slot == 0 ? std::nullopt : std::optional<std::uint32_t>(slot - 1);
        }
        const auto it = m_others.find(id);
        return it == m_others.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
    }

    bool empty() const { return m_count == 0; }
    void reserve(std::size_t n) { m_others.reserve(std::min<std::size_t>(n, 1024)); }

private:
    /// The table may hold this many slots (4 bytes each): 64K, or 128 per entry when there are
    /// more (COCO val2017's image ids are 116 per image).
    std::size_t tableLimit() const { return std::max<std::size_t>(std::size_t{1} << 16, 128 * m_count); }

    void put(std::int64_t id, std::uint32_t value, bool overwrite)
    {
        if (id >= 0 && static_cast<std::uint64_t>(id) >= m_table.size() &&
            static_cast<std::uint64_t>(id) < tableLimit())
            grow(static_cast<std::size_t>(id) + 1);
        if (id >= 0 && static_cast<std::uint64_t>(id) < m_table.size()) {
            std::uint32_t& slot = m_table[static_cast<std::size_t>(id)];
            m_count += slot == 0;
            if (slot == 0 || overwrite)
                slot = value + 1;
            return;
        }
        const auto [it, inserted] = m_others.try_emplace(id, value);
        m_count += inserted;
        if (!inserted && overwrite)
            it->second = value;
    }

    /// Makes room for ids below `size` (at least doubling), moving ids that now fit out of the map.
    void grow(std::size_t size)
    {
        m_table.resize(std::min(std::max(size, 2 * m_table.size()), tableLimit()), 0);
        for (auto it = m_others.begin(); it != m_others.end();) {
            if (it->first >= 0 && static_cast<std::uint64_t>(it->first) < m_table.size()) {
                m_table[static_cast<std::size_t>(it->first)] = it->second + 1;
                it = m_others.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::vector<std::uint32_t> m_table; ///< value + 1 by id; 0 is "no such id"
    std::unordered_map<std::int64_t, std::uint32_t> m_others;
    std::size_t m_count = 0;
};

} // namespace optconf
