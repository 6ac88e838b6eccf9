// SPDX-License-Identifier: MIT
#include "core/io/coco/coco_blocks.h"
#include "core/io/json/json_blocks.h"

#include <algorithm>
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
namespace od = simdjson::ondemand;

/// A scalar through On-Demand, converted as the DOM's would be (JsonValueView::fromDom()). False
/// at an array or object (they are the DOM's to read and validate: On-Demand would skip them
/// unchecked) or at an error.
bool onDemandScalar(od::value v, JsonValueView& out)
{
    od::json_type type;
    if (v.type().get(type))
        return false;
    switch (type) {
    case od::json_type::number: {
        // By type, then each type's own getter: get_number() of simdjson 3.0 reads a decimal with
        // more than 19 digits ("-1484521234195234.000000") as 0, where get_double() and the DOM
        // read it exactly (tst_coco_elements checks 20,000 numbers bit for bit).
        od::number_type numberType;
        if (v.get_number_type().get(numberType))
            return false;
        switch (numberType) {
        case od::number_type::signed_integer: {
            std::int64_t i = 0;
            if (v.get_int64().get(i))
                return false;
            out = JsonValueView::fromInt64(i);
            return true;
        }
        case od::number_type::unsigned_integer: {
            std::uint64_t u = 0;
            if (v.get_uint64().get(u))
                return false;
            out = JsonValueView::fromUint64(u);
            return true;
        }
        case od::number_type::floating_point_number: {
            double d = 0;
            if (v.get_double().get(d))
                return false;
            out = JsonValueView::fromDouble(d);
            return true;
        }
        }
        return false;
    }
    case od::json_type::string:
        out.type = Type::String;
        return !v.get_string().get(out.text);
    case od::json_type::boolean:
        out.type = Type::Bool;
        return !v.get_bool().get(out.boolean);
    case od::json_type::null: {
        bool null = false;
        out.type = Type::Null;
        return !v.is_null().get(null) && null;
    }
    case od::json_type::array:
    case od::json_type::object:
        break;
    }
    return false;
}

/// A bbox of exactly four scalars; false at anything else.
bool onDemandBox(od::value v, CocoDetectionFields& f)
{
    od::array a;
    if (v.get_array().get(a))
        return false;
    std::size_t n = 0;
    for (auto item : a) {
        od::value x;
        if (std::move(item).get(x) || n == 4 || !onDemandScalar(x, f.box[n]))
            return false;
        ++n;
    }
    f.bbox.type = Type::Array;
    f.bbox.size = n;
    return n == 4;
}

/// The fields of an object through On-Demand, every member read and so validated; false at a key
/// that is not the kind's own (an annotation's "id" is read and dropped), at a repeated key, or at
/// a value onDemandScalar() and onDemandBox() do not take.
bool onDemandFields(od::object o, CocoElementKind kind, CocoDetectionFields& f)
{
    const bool result = kind == CocoElementKind::Result;
    f.element.type = Type::Object;
    JsonValueView dropped;
    for (auto member : o) {
        od::field field;
        std::string_view key;
        if (std::move(member).get(field) || field.unescaped_key().get(key))
            return false;
        od::value value = field.value();
        if (key == "bbox") {
            if (f.bbox.present() || !onDemandBox(value, f))
                return false;
            continue;
        }
        JsonValueView* slot = key == "image_id"             ? &f.imageId
                              : key == "category_id"        ? &f.categoryId
                              : result && key == "score"    ? &f.score
                              : !result && key == "area"    ? &f.area
                              : !result && key == "iscrowd" ? &f.crowd
                              : !result && key == "id"      ? &dropped
                                                            : nullptr;
        if (!slot || slot->present() || !onDemandScalar(value, *slot))
            return false;
        if (slot == &dropped)
            dropped = {};
    }
    return true;
}

template<class Next>
bool takeElements(CocoBlock& block, CocoElementKind kind, SilentElementSink& sink, Next next)
{
    for (;;) {
        CocoDetectionFields fields;
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

bool readOnDemand(CocoBlock& block, const char* json, std::size_t length, od::parser& parser,
                  CocoElementKind kind, SilentElementSink& sink)
{
    od::document doc;
    od::array elements;
    if (parser.iterate(json, length, length + simdjson::SIMDJSON_PADDING).get(doc) ||
        doc.get_array().get(elements))
        return false;
    auto it = elements.begin();
    const auto end = elements.end();
    if (!takeElements(block, kind, sink, [&](CocoDetectionFields& fields) {
            if (it == end)
                return 0;
            od::object o;
            const bool read = !(*it).get_object().get(o) && onDemandFields(o, kind, fields);
            ++it;
            return read ? 1 : 2;
        }))
        return false;
    // Nothing after the array's closing bracket: a location there means trailing text.
    const char* after = nullptr;
    return doc.current_location().get(after) == simdjson::OUT_OF_BOUNDS;
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
    if (readOnDemand(block, json, length, parsers.onDemand, kind, sink)) {
        block.ok = true;
        return CocoBlockParse::OnDemand;
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
