// SPDX-License-Identifier: MIT
#include "core/io/coco/coco_scan.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <system_error>

namespace optconf {

namespace {

enum Key : unsigned
{
    kImage = 1,
    kCategory = 2,
    kBox = 4,
    kScore = 8,
    kArea = 16,
    kCrowd = 32,
    kId = 64,
};

/// A cursor over the block's text; every reader returns false at anything it does not take.
class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_text(text)
    {}

    void skipSpace()
    {
        while (m_at < m_text.size() && isSpace(m_text[m_at]))
            ++m_at;
    }
    bool atEnd() const { return m_at >= m_text.size(); }
    bool consume(char c)
    {
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_at < m_text.size() && m_text[m_at] == c;
    }

    /// A string of printable ASCII without escapes (what else there is, simdjson reads).
    bool string(std::string_view& out)
    {
        if (!consume('"'))
            return false;
        const std::size_t begin = m_at;
        for (; m_at < m_text.size(); ++m_at) {
            const auto c = static_cast<unsigned char>(m_text[m_at]);
            if (c == '"') {
                out = m_text.substr(begin, m_at - begin);
                ++m_at;
                return true;
            }
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
        }
        return false;
    }

    /// The key that comes next, when it is one this scanner reads, written as its exact quoted
    /// bytes; 0 otherwise. A string that is not one of them is a key the caller refuses (a key
    /// spelled with an escape is simdjson's to read, as is any other key), so no key is read
    /// byte by byte: one fixed-size compare, chosen by the key's first letter. "score" is a
    /// result's key, "area" and "iscrowd" an annotation's.
    Key knownKey(bool annotations)
    {
        skipSpace();
        const std::size_t left = m_text.size() - m_at;
        const char* p = m_text.data() + m_at;
        if (left < 4 || p[0] != '"')
            return Key{};
        auto is = [&](auto& quoted) {
            constexpr std::size_t n = sizeof(quoted) - 1; // the literal without its terminator
            if (left < n || std::memcmp(p, quoted, n) != 0)
                return false;
            m_at += n;
            return true;
        };
        switch (p[1]) {
        case 'i':
            return is("\"image_id\"")                 ? kImage
                   : is("\"id\"")                     ? kId
                   : annotations && is("\"iscrowd\"") ? kCrowd
                                                      : Key{};
        case 'c':
            return is("\"category_id\"") ? kCategory : Key{};
        case 'b':
            return is("\"bbox\"") ? kBox : Key{};
        case 's':
            return !annotations && is("\"score\"") ? kScore : Key{};
        case 'a':
            return annotations && is("\"area\"") ? kArea : Key{};
        default:
            return Key{};
        }
    }

    /// An integer that fits 64 bits (simdjson's INT64).
    bool integer(std::int64_t& out)
    {
        Number n;
        return scanNumber(n) && n.integral && n.toInteger(out);
    }

    /// Any number, as simdjson and jsonNumber() make it: integers through int64, the rest
    /// correctly rounded (both are exact conversions of the decimal text).
    bool number(double& out)
    {
        Number n;
        if (!scanNumber(n))
            return false;
        if (n.integral) {
            std::int64_t v = 0;
            if (!n.toInteger(v))
                return false;
            out = static_cast<double>(v);
            return true;
        }
        return n.toDouble(out);
    }

    bool literal(std::string_view word)
    {
        skipSpace();
        if (m_text.substr(m_at, word.size()) != word)
            return false;
        m_at += word.size();
        return true;
    }

private:
    /// A JSON number as read in one pass: its digits as an integer (exact while there are at
    /// most 19 of them) and the power of ten that scales them.
    struct Number
    {
        std::string_view token;
        std::uint64_t mantissa = 0;
        int digits = 0;         ///< all digits, leading zeros included
        int fractionDigits = 0; ///< digits after the point
        int exponent = 0;       ///< the e part
        bool negative = false;
        bool integral = true; ///< neither fraction nor exponent
        bool exponentHuge = false;

        bool toInteger(std::int64_t& out) const
        {
            if (digits <= 18) { // below 10^18: fits, no overflow
                const auto v = static_cast<std::int64_t>(mantissa);
                out = negative ? -v : v;
                return true;
            }
            const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
            return ec == std::errc() && ptr == token.data() + token.size();
        }

        /// Clinger's fast path when it applies: a mantissa up to 2^53 and a power of ten up to
        /// 10^22 are both exact doubles, so one correctly rounded multiplication or division is the
        /// correctly rounded value. std::from_chars otherwise.
        bool toDouble(double& out) const
        {
            constexpr std::uint64_t kExactMantissa = std::uint64_t{1} << 53;
            const int power = exponent - fractionDigits;
            if (digits <= 19 && mantissa <= kExactMantissa && !exponentHuge && power >= -22 && power <= 22) {
                static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
                const auto m = static_cast<double>(mantissa);
                const double v = power < 0 ? m / kPowers[-power] : m * kPowers[power];
                out = negative ? -v : v;
                return true;
            }
            const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
            return ec == std::errc() && ptr == token.data() + token.size() && std::isfinite(out);
        }
    };

    /// Reads a JSON number (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?) in one pass.
    bool scanNumber(Number& n)
    {
        skipSpace();
        const char* const begin = m_text.data() + m_at;
        const char* const end = m_text.data() + m_text.size();
        const char* p = begin;
        // Up to 19 digits accumulate exactly; past that the mantissa is not used (it wraps).
        auto digitsFrom = [&](const char* q) {
            const char* first = q;
            std::uint64_t m = n.mantissa;
            // Eight bytes at a time while eight can be read: scores carry 16 or 17 digits.
            while (end - q >= 8) {
                const int run = leadingDigits(q);
                if (run == 0)
                    break;
                m = m * kPowersOfTen[run] + digitValue(q, run);
                q += run;
                if (run < 8)
                    break;
            }
            for (; q < end && isDigit(*q); ++q)
                m = m * 10 + static_cast<std::uint64_t>(*q - '0');
            n.mantissa = m;
            n.digits += static_cast<int>(q - first);
            return q;
        };
        if (p < end && *p == '-') {
            n.negative = true;
            ++p;
        }
        if (p < end && *p == '0') {
            ++p;
            ++n.digits;
        } else if (p < end && isDigit(*p)) {
            p = digitsFrom(p);
        } else {
            return false;
        }
        if (p < end && *p == '.') {
            ++p;
            if (p >= end || !isDigit(*p))
                return false;
            const char* fraction = p;
            p = digitsFrom(p);
            n.fractionDigits = static_cast<int>(p - fraction);
            n.integral = false;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            const bool negativeExponent = p < end && *p == '-';
            if (p < end && (*p == '+' || *p == '-'))
                ++p;
            if (p >= end || !isDigit(*p))
                return false;
            for (; p < end && isDigit(*p); ++p) {
                if (n.exponent < 100000)
                    n.exponent = n.exponent * 10 + (*p - '0');
                else
                    n.exponentHuge = true;
            }
            n.exponent = negativeExponent ? -n.exponent : n.exponent;
            n.integral = false;
        }
        n.token = std::string_view(begin, static_cast<std::size_t>(p - begin));
        m_at = static_cast<std::size_t>(p - m_text.data());
        return true;
    }

    static constexpr std::uint64_t kPowersOfTen[] = {1,      10,      100,      1000,     10000,
                                                     100000, 1000000, 10000000, 100000000};

    static std::uint64_t load8(const char* q)
    {
        std::uint64_t w = 0;
        std::memcpy(&w, q, 8);
        if constexpr (std::endian::native == std::endian::big)
            w = byteswap(w);
        return w; // q[0] in the lowest byte
    }
    static std::uint64_t byteswap(std::uint64_t w)
    {
        std::uint64_t r = 0;
        for (int k = 0; k < 8; ++k, w >>= 8)
            r = (r << 8) | (w & 0xFF);
        return r;
    }

    /// How many of the 8 bytes at q, from the first, are ASCII digits. A byte is a digit when
    /// its high nibble is 3 and adding 6 leaves it there; a carry out of a byte can only spoil
    /// bytes after the first non-digit, which are not looked at.
    static int leadingDigits(const char* q)
    {
        const std::uint64_t w = load8(q);
        constexpr std::uint64_t kHigh = 0xF0F0F0F0F0F0F0F0, kSix = 0x0606060606060606,
                                kThrees = 0x3333333333333333;
        const std::uint64_t notDigit = ((w & kHigh) | (((w + kSix) & kHigh) >> 4)) ^ kThrees;
        return notDigit == 0 ? 8 : std::countr_zero(notDigit) / 8;
    }

    /// The value of the first `run` (1 to 8) bytes at q, all digits: moved to the top of the word
    /// behind zeros, they are the low digits of an eight-digit number, combined in three steps
    /// (pairs, quads, the whole) instead of a multiplication per digit.
    static std::uint64_t digitValue(const char* q, int run)
    {
        std::uint64_t v = load8(q) - 0x3030303030303030;
        v <<= 8 * (8 - run);
        v = (v * 10) + (v >> 8);
        v = (((v & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
             (((v >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
            32;
        return v;
    }

    static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }

    std::string_view m_text;
    std::size_t m_at = 0;
};

bool readObject(Scanner& in, bool annotations, CocoElementValues& v)
{
    if (!in.consume('{'))
        return false;
    unsigned seen = 0;
    do {
        const Key which = in.knownKey(annotations);
        if (which == Key{} || !in.consume(':'))
            return false;
        if (seen & which)
            return false; // a repeated key: the first wins in simdjson, which reads this block
        seen |= which;
        switch (which) {
        case kImage:
            if (in.peek('"')) {
                std::string_view id;
                if (!in.string(id))
                    return false;
                v.imageString = id;
            } else {
                std::int64_t id = 0;
                if (!in.integer(id))
                    return false;
                v.imageNumber = id;
            }
            break;
        case kCategory:
            if (!in.integer(v.category))
                return false;
            break;
        case kBox: {
            double x[4];
            if (!in.consume('['))
                return false;
            for (int i = 0; i < 4; ++i)
                if ((i > 0 && !in.consume(',')) || !in.number(x[i]))
                    return false;
            if (!in.consume(']'))
                return false;
            v.box = {x[0], x[1], x[2], x[3]};
            break;
        }
        case kScore:
            if (!in.literal("null")) {
                double s = 0;
                if (!in.number(s))
                    return false;
                v.score = s;
            }
            break;
        case kArea: {
            double a = 0;
            if (!in.number(a))
                return false;
            v.area = a;
            break;
        }
        case kCrowd:
            if (in.literal("true")) {
                v.crowd = true;
            } else if (in.literal("false")) {
                v.crowd = false;
            } else {
                std::int64_t c = 0;
                if (!in.integer(c))
                    return false;
                v.crowd = c != 0;
            }
            break;
        case kId: {
            std::int64_t id = 0;
            if (!in.integer(id))
                return false;
            break;
        }
        }
    } while (in.consume(','));
    const unsigned required = kImage | kCategory | kBox;
    return in.consume('}') && (seen & required) == required;
}

} // namespace

bool scanCocoElements(std::string_view text, bool annotations, std::vector<CocoElementValues>& out)
{
    out.clear();
    Scanner in(text);
    in.skipSpace();
    if (in.atEnd())
        return true; // "[]": nothing found
    do {
        CocoElementValues& v = out.emplace_back();
        if (!readObject(in, annotations, v))
            return false;
    } while (in.consume(','));
    in.skipSpace();
    return in.atEnd();
}

} // namespace optconf
