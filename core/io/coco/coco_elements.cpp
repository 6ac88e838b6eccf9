// SPDX-License-Identifier: MIT
#include "core/io/coco/coco_elements.h"
#include "core/io/detection_checks.h"
#include "core/io/json/json_input.h"

#include <cmath>
#include <utility>

namespace optconf {

namespace {

constexpr const char* kNoScore = "result without a \"score\" (never kept at any threshold)";

/// The values of `keys` in an object, by one walk over its keys instead of a lookup per key; the
/// first of repeated keys wins, as with at_key(). An empty name is a slot not asked for (it
/// matches no key, not even "").
template<std::size_t N>
std::array<std::optional<simdjson::dom::element>, N> valuesOf(simdjson::dom::object o,
                                                              const std::array<std::string_view, N>& keys)
{
    std::array<std::optional<simdjson::dom::element>, N> found;
    for (const auto field : o)
        for (std::size_t k = 0; k < N; ++k)
            if (!keys[k].empty() && field.key == keys[k]) {
                if (!found[k])
                    found[k] = field.value;
                break;
            }
    return found;
}

} // namespace

std::string_view cocoFirstToken(std::string_view v)
{
    if (v.starts_with("\xEF\xBB\xBF"))
        v.remove_prefix(3);
    while (!v.empty() && (v.front() == ' ' || v.front() == '\n' || v.front() == '\r' || v.front() == '\t'))
        v.remove_prefix(1);
    return v;
}

std::string JsonValueView::typeName() const
{
    switch (type) {
    case Type::Array:
        return "an array";
    case Type::Object:
        return "an object";
    case Type::Number:
        return "a number";
    case Type::String:
        return "a string";
    case Type::Bool:
        return "a boolean";
    case Type::Null:
        return "null";
    case Type::Absent:
        break;
    }
    return "an unknown value";
}

std::optional<bool> JsonValueView::truthy() const
{
    if (type == Type::Bool)
        return boolean;
    if (type == Type::Number)
        return number != 0.0;
    return std::nullopt;
}

JsonValueView JsonValueView::fromDom(simdjson::dom::element e)
{
    using T = simdjson::dom::element_type;
    JsonValueView j;
    switch (e.type()) {
    case T::INT64:
        return fromInt64(std::int64_t(e));
    case T::UINT64:
        return fromUint64(std::uint64_t(e));
    case T::DOUBLE:
        return fromDouble(double(e));
    case T::STRING:
        j.type = Type::String;
        j.text = std::string_view(e);
        return j;
    case T::BOOL:
        j.type = Type::Bool;
        j.boolean = bool(e);
        return j;
    case T::NULL_VALUE:
        j.type = Type::Null;
        return j;
    case T::ARRAY:
        j.type = Type::Array;
        j.size = simdjson::dom::array(e).size();
        return j;
    case T::OBJECT:
        j.type = Type::Object;
        return j;
    }
    return j;
}

CocoDetectionFields cocoDetectionFields(simdjson::dom::element e, CocoElementKind kind)
{
    CocoDetectionFields f;
    f.element = JsonValueView::fromDom(e);
    simdjson::dom::object o;
    if (e.get(o))
        return f;
    const bool result = kind == CocoElementKind::Result;
    const auto [imageId, categoryId, bbox, score, area, crowd] =
        valuesOf<6>(o, {"image_id", "category_id", "bbox", result ? "score" : "", result ? "" : "area",
                        result ? "" : "iscrowd"});
    const std::pair<const std::optional<simdjson::dom::element>*, JsonValueView*> slots[] = {
        {&imageId, &f.imageId}, {&categoryId, &f.categoryId},
        {&bbox, &f.bbox},       {&score, &f.score},
        {&area, &f.area},       {&crowd, &f.crowd}};
    for (const auto& [value, view] : slots)
        if (*value)
            *view = JsonValueView::fromDom(**value);
    if (f.bbox.type == JsonValueView::Type::Array && f.bbox.size == 4) {
        std::size_t i = 0;
        for (simdjson::dom::element x : simdjson::dom::array(*bbox))
            f.box[i++] = JsonValueView::fromDom(x);
    }
    return f;
}

void ReportingElementSink::error(std::string_view suffix, std::string message)
{
    m_diagnostics.error(m_file, path() + std::string(suffix), std::move(message));
}

void ReportingElementSink::warning(std::string_view suffix, std::string message)
{
    m_diagnostics.warning(m_file, path() + std::string(suffix), std::move(message));
}

void ReportingElementSink::unknownImage(const JsonValueView& id)
{
    if (id.integer)
        m_unknownImages.note(std::to_string(*id.integer), path() + "/image_id");
    else if (id.type == JsonValueView::Type::String)
        m_unknownImages.note("\"" + std::string(id.text) + "\"", path() + "/image_id");
    else
        error("/image_id", "expected an image id (a number or a string), found " + id.typeName());
}

void UnknownImageIds::note(const std::string& id, const std::string& path)
{
    auto [it, added] = m_index.try_emplace(id, m_ids.size());
    if (added)
        m_ids.push_back({id, path, 0});
    ++m_ids[it->second].results;
}

void UnknownImageIds::report(const std::string& file, DiagnosticList& diagnostics) const
{
    const std::size_t shown = std::min<std::size_t>(m_ids.size(), kCocoMaxErrorsPerFile);
    for (std::size_t i = 0; i < shown; ++i) {
        const Id& id = m_ids[i];
        diagnostics.error(file, id.firstPath,
                          "image id " + id.id + " is not in the ground truth's \"images\" (" +
                              std::to_string(id.results) +
                              (id.results == 1 ? " result uses" : " results use") + " it)");
    }
    if (m_ids.size() > shown) {
        std::size_t results = 0;
        for (std::size_t i = shown; i < m_ids.size(); ++i)
            results += m_ids[i].results;
        diagnostics.error(file, {},
                          std::to_string(m_ids.size() - shown) +
                              " more image ids are not in the ground truth (" + std::to_string(results) +
                              " results)");
    }
}

std::optional<LabelId> ReportingElementSink::newCategory(std::int64_t id, std::string message)
{
    warning("/category_id", std::move(message));
    const LabelId label = m_builder.label("category " + std::to_string(id));
    m_builder.setCategory(id, label);
    return label;
}

bool ReportingElementSink::check(const Detection& d)
{
    return checkDetection(
        d, m_file, [this] { return path(); }, m_diagnostics);
}

bool SilentElementSink::check(const Detection& d)
{
    return checkDetection(
        d, m_file,
        [this] {
            m_warned = true;
            return std::string();
        },
        m_scratch);
}

template<class Sink>
bool readCocoDetection(const CocoDetectionFields& f, CocoElementKind kind, Sink& sink, SampleIndex& sample,
                       Detection& d)
{
    using Type = JsonValueView::Type;
    const bool result = kind == CocoElementKind::Result;
    if (f.element.type != Type::Object) {
        sink.error({}, std::string(result ? "expected a result object, found "
                                          : "expected an annotation object, found ") +
                           f.element.typeName());
        return false;
    }
    bool missing = false;
    for (const auto& [value, key] :
         {std::pair{&f.imageId, "image_id"}, {&f.categoryId, "category_id"}, {&f.bbox, "bbox"}})
        if (!value->present()) {
            sink.error({}, "missing key \"" + std::string(key) + "\"");
            missing = true;
        }
    if (missing)
        return false;
    const DatasetBuilder& builder = sink.builder();
    std::optional<SampleIndex> found;
    if (f.imageId.integer)
        found = builder.findSampleByNumericId(*f.imageId.integer);
    else if (f.imageId.type == Type::String)
        found = builder.findSampleById(f.imageId.text);
    if (!found) {
        // A result's unknown image is said once per id, with how many results use it.
        if (result)
            sink.unknownImage(f.imageId);
        else
            sink.error("/image_id", "names an image id that is not in \"images\"");
        return false;
    }
    if (f.bbox.type != Type::Array || f.bbox.size != 4) {
        sink.error("/bbox",
                   "expected an array of 4 numbers [x, y, w, h], found " +
                       (f.bbox.type == Type::Array ? "an array of " + std::to_string(f.bbox.size) + " values"
                                                   : f.bbox.typeName()));
        return false;
    }
    for (std::size_t i = 0; i < 4; ++i)
        if (!f.box[i].isNumber()) {
            sink.error("/bbox/" + std::to_string(i), "expected a number, found " + f.box[i].typeName());
            return false;
        }
    d.box = {f.box[0].number, f.box[1].number, f.box[2].number, f.box[3].number};
    if (!f.categoryId.integer) {
        sink.error("/category_id", "expected an integer category id");
        return false;
    }
    const std::int64_t category = *f.categoryId.integer;
    if (auto label = builder.category(category))
        d.label = *label;
    else if (auto added = sink.newCategory(
                 category, result ? "category id not in the ground truth's categories "
                                    "(kept, named by its id)"
                                  : "category id not listed in \"categories\"; named by its id"))
        d.label = *added;
    else
        return false;
    d.area = d.box.area();
    if (result) {
        if (f.score.isNumber()) {
            d.confidence = f.score.number;
        } else if (f.score.present() && f.score.type != Type::Null) {
            sink.error("/score", "expected a number, found " + f.score.typeName());
            return false;
        }
        if (!d.hasConfidence())
            sink.warning({}, kNoScore);
    } else {
        if (f.area.isNumber() && std::isfinite(f.area.number))
            d.area = f.area.number;
        if (f.crowd.present())
            d.crowd = f.crowd.truthy().value_or(false);
    }
    if (!sink.check(d))
        return false;
    sample = *found;
    return true;
}

template bool readCocoDetection<ReportingElementSink>(const CocoDetectionFields&, CocoElementKind,
                                                      ReportingElementSink&, SampleIndex&, Detection&);
template bool readCocoDetection<SilentElementSink>(const CocoDetectionFields&, CocoElementKind,
                                                   SilentElementSink&, SampleIndex&, Detection&);

void replayCocoWarnings(const Detection& d, CocoElementKind kind, const std::string& file,
                        const std::string& path, DiagnosticList& diagnostics)
{
    if (kind == CocoElementKind::Result && !d.hasConfidence())
        diagnostics.warning(file, path, kNoScore);
    checkDetection(
        d, file, [&] { return path; }, diagnostics);
}

} // namespace optconf
