// SPDX-License-Identifier: MIT
#pragma once

// The one reader of a COCO detection element (a result, or a ground-truth annotation) that every
// path uses: the whole-document loops, which report to the user, and the blocks (see
// coco_blocks.h), which take an element only when it would report nothing the user must see in
// order. Parsers only collect an element's members into CocoDetectionFields; what they mean, and
// every message about them, is decided here once.

#include "core/model/dataset.h"
#include "core/model/dataset_builder.h"
#include "core/model/diagnostics.h"

#include <simdjson.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace optconf {

/// Errors after this many in one file are summarised: one bad file should not produce a million
/// messages.
inline constexpr int kCocoMaxErrorsPerFile = 20;
/// The whole-document loops report progress every this many elements.
inline constexpr std::size_t kCocoProgressEvery = 1 << 16;

/// The head of a file from its first JSON token on, past a UTF-8 byte order mark and whitespace.
std::string_view cocoFirstToken(std::string_view head);

/// A result (with a score) or a ground-truth annotation (with area and iscrowd).
enum class CocoElementKind
{
    Result,
    Annotation,
};

/// One JSON value of an element as the reader sees it, whichever simdjson API read it.
struct JsonValueView
{
    enum class Type : std::uint8_t
    {
        Absent, ///< the key is not there
        Number,
        String,
        Null,
        Bool,
        Array,
        Object,
    };
    Type type = Type::Absent;
    double number = 0;                   ///< a Number as a double (jsonNumber())
    std::optional<std::int64_t> integer; ///< a Number as an id (jsonInteger()); unset for a box
                                         ///< coordinate, score, area or iscrowd read on a block
    std::string_view text;               ///< a String, unescaped
    bool boolean = false;                ///< a Bool
    std::size_t size = 0;                ///< an Array's length

    bool present() const { return type != Type::Absent; }
    bool isNumber() const { return type == Type::Number; }
    /// As jsonTypeName(): "a number", "an array", ...
    std::string typeName() const;
    /// iscrowd-style truth (jsonTruthy()).
    std::optional<bool> truthy() const;

    // jsonNumber() and jsonInteger() for each number type simdjson gives; inline: every number of
    // a block goes through one.
    static JsonValueView fromInt64(std::int64_t v)
    {
        JsonValueView j;
        j.type = Type::Number;
        j.number = static_cast<double>(v);
        j.integer = v;
        return j;
    }
    static JsonValueView fromUint64(std::uint64_t v)
    {
        JsonValueView j;
        j.type = Type::Number;
        j.number = static_cast<double>(v);
        if (v <= static_cast<std::uint64_t>(INT64_MAX))
            j.integer = static_cast<std::int64_t>(v);
        return j;
    }
    /// An integral double below 9e15 in magnitude is an id too (3.0 names 3).
    static JsonValueView fromDouble(double v)
    {
        JsonValueView j;
        j.type = Type::Number;
        j.number = v;
        if (std::fabs(v) < 9.0e15) {
            const auto i = static_cast<std::int64_t>(v);
            if (static_cast<double>(i) == v)
                j.integer = i;
        }
        return j;
    }
    /// Any DOM value; an array's items are not read.
    static JsonValueView fromDom(simdjson::dom::element e);
};

/// The members of a detection element the reader looks at: the first of repeated keys, and only
/// the kind's own (a result's score; an annotation's area and iscrowd).
struct CocoDetectionFields
{
    JsonValueView element; ///< the element itself: an object, or what it is instead
    JsonValueView imageId, categoryId, bbox, score, area, crowd;
    std::array<JsonValueView, 4> box; ///< bbox's items, when it is an array of 4
};

/// The fields of a DOM element.
CocoDetectionFields cocoDetectionFields(simdjson::dom::element e, CocoElementKind kind);

/// Results naming images the ground truth does not have: one error per id, naming it and how many
/// results use it (in the order first seen), instead of one per result.
class UnknownImageIds
{
public:
    /// `id` as the user wrote it (a number, or a string in quotes); `path` of its first use.
    void note(const std::string& id, const std::string& path);
    void report(const std::string& file, DiagnosticList& diagnostics) const;

private:
    struct Id
    {
        std::string id, firstPath;
        std::size_t results = 0;
    };
    std::vector<Id> m_ids;
    std::unordered_map<std::string, std::size_t> m_index;
};

/// Where the reader's findings go on the whole-document path: to the user, naming the element by
/// its JSON path; an unknown category is added (named by its id) with a warning.
class ReportingElementSink
{
public:
    /// `prefix`: the element's path without its index ("/", "/annotations/").
    ReportingElementSink(const std::string& file, DatasetBuilder& builder, DiagnosticList& diagnostics,
                         const char* prefix)
        : m_file(file)
        , m_builder(builder)
        , m_diagnostics(diagnostics)
        , m_prefix(prefix)
    {}
    void setIndex(std::size_t index) { m_index = index; }

    const DatasetBuilder& builder() const { return m_builder; }
    void error(std::string_view suffix, std::string message);
    void warning(std::string_view suffix, std::string message);
    std::optional<LabelId> newCategory(std::int64_t id, std::string message);
    bool check(const Detection& d);
    /// A result's image id that is not in the ground truth: counted, said by reportUnknownImages().
    void unknownImage(const JsonValueView& id);
    /// One error per unknown image id noted so far (after the whole list is read).
    void reportUnknownImages() const { m_unknownImages.report(m_file, m_diagnostics); }

private:
    std::string path() const { return m_prefix + std::to_string(m_index); }

    std::string m_file;
    DatasetBuilder& m_builder;
    DiagnosticList& m_diagnostics;
    std::string m_prefix;
    std::size_t m_index = 0;
    UnknownImageIds m_unknownImages;
};

/// Where the reader's findings go on the block path: nowhere. An element that would get an error
/// or name a new category is refused (the file is then read the whole-document way); one that
/// would get a warning is taken and marked, and replayCocoWarnings() says it later, in file order.
class SilentElementSink
{
public:
    SilentElementSink(const std::string& file, const DatasetBuilder& builder)
        : m_file(file)
        , m_builder(builder)
    {}
    const DatasetBuilder& builder() const { return m_builder; }
    void error(std::string_view, const std::string&) {}
    void warning(std::string_view, const std::string&) { m_warned = true; }
    std::optional<LabelId> newCategory(std::int64_t, const std::string&) { return std::nullopt; }
    void unknownImage(const JsonValueView&) {}
    bool check(const Detection& d);
    /// Whether the element just read had a warning; resets it.
    bool takeWarned() { return std::exchange(m_warned, false); }

private:
    std::string m_file;
    const DatasetBuilder& m_builder;
    DiagnosticList m_scratch;
    bool m_warned = false;
};

/// Reads one element: its sample and detection, or false after telling `sink` why not.
template<class Sink>
bool readCocoDetection(const CocoDetectionFields& fields, CocoElementKind kind, Sink& sink,
                       SampleIndex& sample, Detection& detection);

extern template bool readCocoDetection<ReportingElementSink>(const CocoDetectionFields&, CocoElementKind,
                                                             ReportingElementSink&, SampleIndex&, Detection&);
extern template bool readCocoDetection<SilentElementSink>(const CocoDetectionFields&, CocoElementKind,
                                                          SilentElementSink&, SampleIndex&, Detection&);

/// The warnings a SilentElementSink marked `d` for, as the whole-document path gives them;
/// `path` is the element's JSON path.
void replayCocoWarnings(const Detection& d, CocoElementKind kind, const std::string& file,
                        const std::string& path, DiagnosticList& diagnostics);

} // namespace optconf
