// SPDX-License-Identifier: MIT
#include "core/io/coco/coco_blocks.h"
#include "core/io/coco/coco_scan.h"
#include "core/io/json/json_blocks.h"

#include <algorithm>
#include <cmath>
#include <new>
#include <string_view>
#include <utility>

namespace optconf {

namespace {

constexpr std::size_t kReadBytes = 1 << 18;
/// A block is cut at the first boundary after kJsonBlockBytes; one still without a boundary at
/// this size is not taken by the block path.
constexpr std::size_t kMaxBlockBytes = 64u << 20;

using Type = JsonValueView::Type;

/// The plain scanner's values of one element as the element reader's fields: every field the
/// reader looks at is set, in place (this runs for every element of a large file). Box
/// coordinates, score and area are set as numbers alone: the reader uses no other view of them.
void scannedFields(const CocoElementValues& v, CocoElementKind kind, CocoDetectionFields& f)
{
    auto measure = [](JsonValueView& j, double x) {
        j.type = Type::Number;
        j.number = x;
    };
    f.element.type = Type::Object;
    if (v.imageNumber) {
        f.imageId.type = Type::Number;
        f.imageId.number = static_cast<double>(*v.imageNumber);
        f.imageId.integer = *v.imageNumber;
    } else {
        f.imageId.type = Type::String;
        f.imageId.text = *v.imageString;
        f.imageId.integer.reset();
    }
    f.categoryId.type = Type::Number;
    f.categoryId.number = static_cast<double>(v.category);
    f.categoryId.integer = v.category;
    f.bbox.type = Type::Array;
    f.bbox.size = 4;
    measure(f.box[0], v.box.x);
    measure(f.box[1], v.box.y);
    measure(f.box[2], v.box.w);
    measure(f.box[3], v.box.h);
    if (v.score)
        measure(f.score, *v.score);
    else
        f.score.type = Type::Absent;
    if (v.area)
        measure(f.area, *v.area);
    else
        f.area.type = Type::Absent;
    f.crowd.type = kind == CocoElementKind::Annotation ? Type::Bool : Type::Absent;
    f.crowd.boolean = v.crowd;
}

template<class Next>
bool takeElements(CocoBlock& block, CocoElementKind kind, SilentElementSink& sink, Next next)
{
    CocoDetectionFields fields; // every collector sets all of it
    for (;;) {
        switch (next(fields)) {
        case 0:
            return true;
        case 1:
            break;
        default:
            return false;
        }
        SampleIndex sample = 0;
        Detection d;
        if (!readCocoDetection(fields, kind, sink, sample, d))
            return false;
        if (sink.takeWarned())
            block.warned.push_back(static_cast<std::uint32_t>(block.items.size()));
        block.sampleOf.push_back(sample);
        block.items.push_back(d);
    }
}

/// The plain scanner (coco_scan.h) on the block; false where it does not take the block.
bool readScanned(CocoBlock& block, const char* json, std::size_t length, CocoElementKind kind,
                 SilentElementSink& sink, std::vector<CocoElementValues>& values)
{
    if (!scanCocoElements(std::string_view(json + 1, length - 2), kind == CocoElementKind::Annotation,
                          values))
        return false;
    block.sampleOf.reserve(values.size());
    block.items.reserve(values.size());
    std::size_t next = 0;
    return takeElements(block, kind, sink, [&](CocoDetectionFields& fields) {
        if (next == values.size())
            return 0;
        scannedFields(values[next++], kind, fields);
        return 1;
    });
}

} // namespace

void CocoBlock::clear()
{
    sampleOf.clear();
    items.clear();
    warned.clear();
    ok = notJson = false;
}

CocoBlockParse readCocoBlock(CocoBlock& block, const char* json, std::size_t length, const std::string& file,
                             const DatasetBuilder& builder, CocoBlockParsers& parsers, CocoElementKind kind)
{
    block.clear();
    SilentElementSink sink(file, builder);
    if (readScanned(block, json, length, kind, sink, parsers.scanned)) {
        block.ok = true;
        return CocoBlockParse::Scanner;
    }
    block.clear();
    (void)sink.takeWarned();
    simdjson::dom::array elements;
    if (const auto error = parsers.dom.parse(json, length, false).get(elements)) {
        if (error == simdjson::MEMALLOC)
            throw std::bad_alloc(); // not a property of the text: reported as out of memory
        block.notJson = true;
        return CocoBlockParse::NotJson;
    }
    block.sampleOf.reserve(elements.size());
    block.items.reserve(elements.size());
    auto it = elements.begin();
    const auto end = elements.end();
    block.ok = takeElements(block, kind, sink, [&](CocoDetectionFields& fields) {
        if (it == end)
            return 0;
        fields = cocoDetectionFields(*it, kind);
        ++it;
        return 1;
    });
    return CocoBlockParse::Dom;
}

bool ResultBlockReader::open(const std::filesystem::path& path, std::uintmax_t size)
{
    m_in.open(path, std::ios::binary);
    if (!m_in)
        return false;
    std::string head(static_cast<std::size_t>(std::min<std::uintmax_t>(size, 4096)), '\0');
    if (!m_in.read(head.data(), static_cast<std::streamsize>(head.size())))
        return false;
    std::size_t first = std::string_view(head).starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (first < head.size() && isJsonSpace(head[first]))
        ++first;
    if (first >= head.size() || head[first] != '[')
        return false;
    ++first;
    std::string tail(static_cast<std::size_t>(std::min<std::uintmax_t>(size, 4096)), '\0');
    if (!m_in.seekg(static_cast<std::streamoff>(size - tail.size())) ||
        !m_in.read(tail.data(), static_cast<std::streamsize>(tail.size())))
        return false;
    std::size_t end = tail.size();
    while (end > 0 && isJsonSpace(tail[end - 1]))
        --end;
    if (end == 0 || tail[end - 1] != ']')
        return false;
    const std::uintmax_t last = size - tail.size() + end - 1; // the closing bracket
    if (last < first || !m_in.seekg(static_cast<std::streamoff>(first)))
        return false;
    m_total = m_remaining = last - first;
    m_first = first;
    return true;
}

bool ResultBlockReader::next(std::vector<char>& buffer, std::size_t& length, std::size_t& index)
{
    const std::lock_guard lock(m_mutex);
    if (m_done)
        return false;
    buffer.assign(1, '[');
    buffer.insert(buffer.end(), m_carry.begin(), m_carry.end());
    m_carry.clear();
    std::size_t searchFrom = 1 + kJsonBlockBytes;
    for (;;) {
        // The elements start at buffer[1].
        const ElementCut cut = findElementCut(buffer.data(), 1, searchFrom, buffer.size(), m_remaining == 0);
        if (cut.comma) {
            m_carry.assign(buffer.begin() + static_cast<std::ptrdiff_t>(*cut.comma) + 1, buffer.end());
            buffer.resize(*cut.comma);
            break;
        }
        if (m_remaining == 0) {
            m_done = true;
            break;
        }
        if (buffer.size() >= kMaxBlockBytes) {
            m_tooLong = m_done = true;
            return false;
        }
        searchFrom = cut.resumeAt;
        const auto chunk = static_cast<std::size_t>(std::min<std::uintmax_t>(m_remaining, kReadBytes));
        const std::size_t old = buffer.size();
        buffer.resize(old + chunk);
        if (!m_in.read(buffer.data() + old, static_cast<std::streamsize>(chunk))) {
            m_failed = m_done = true;
            return false;
        }
        m_remaining -= chunk;
    }
    buffer.push_back(']');
    length = buffer.size();
    buffer.resize(length + simdjson::SIMDJSON_PADDING, '\0');
    index = m_blocksHandedOut++;
    return true;
}

std::uintmax_t ResultBlockReader::bytesRead() const
{
    const std::lock_guard lock(m_mutex);
    return m_first + (m_total - m_remaining);
}

double ResultBlockReader::fraction() const
{
    return m_total == 0 ? 1.0 : static_cast<double>(m_total - m_remaining) / static_cast<double>(m_total);
}

} // namespace optconf
