// SPDX-License-Identifier: MIT
#include "coco_scan.h"

#include <charconv>
#include <cmath>
#include <system_error>

namespace optconf {

namespace {

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

    /// A JSON number token; `integral` when it has neither fraction nor exponent.
    bool numberToken(std::string_view& token, bool& integral)
    {
        skipSpace();
        const std::size_t begin = m_at;
        std::size_t i = m_at;
        const std::size_t n = m_text.size();
        if (i < n && m_text[i] == '-')
            ++i;
        if (i < n && m_text[i] == '0')
            ++i;
        else if (i < n && isDigit(m_text[i]))
            while (i < n && isDigit(m_text[i]))
                ++i;
        else
            return false;
        integral = true;
        if (i < n && m_text[i] == '.') {
            ++i;
            if (i >= n || !isDigit(m_text[i]))
                return false;
            while (i < n && isDigit(m_text[i]))
                ++i;
            integral = false;
        }
        if (i < n && (m_text[i] == 'e' || m_text[i] == 'E')) {
            ++i;
            if (i < n && (m_text[i] == '+' || m_text[i] == '-'))
                ++i;
            if (i >= n || !isDigit(m_text[i]))
                return false;
            while (i < n && isDigit(m_text[i]))
                ++i;
            integral = false;
        }
        token = m_text.substr(begin, i - begin);
        m_at = i;
        return true;
    }

    /// An integer that fits 64 bits (simdjson's INT64).
    bool integer(std::int64_t& out)
    {
        std::string_view token;
        bool integral = false;
        return numberToken(token, integral) && integral && parseInteger(token, out);
    }

    /// Any number, as simdjson and jsonNumber() make it: integers through int64, the rest
    /// correctly rounded (both are exact conversions of the decimal text). Most decimals take
    /// Clinger's fast path: a mantissa below 2^53 and a power of ten below 10^23 are both exact
    /// doubles, so one correctly rounded multiplication or division is the correctly rounded value.
    bool number(double& out)
    {
        skipSpace();
        const std::size_t begin = m_at;
        std::string_view token;
        bool integral = false;
        if (!numberToken(token, integral))
            return false;
        if (integral) {
            std::int64_t v = 0;
            if (!parseInteger(token, v))
                return false;
            out = static_cast<double>(v);
            return true;
        }
        std::uint64_t mantissa = 0;
        int digits = 0, fractionDigits = 0, exponent = 0;
        bool inFraction = false, exact = true;
        std::size_t i = begin + (m_text[begin] == '-' ? 1 : 0);
        for (; i < m_at && m_text[i] != 'e' && m_text[i] != 'E'; ++i) {
            const char c = m_text[i];
            if (c == '.') {
                inFraction = true;
                continue;
            }
            if (mantissa != 0 || c != '0')
                ++digits;
            if (digits > 15) {
                exact = false;
                break;
            }
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            fractionDigits += inFraction ? 1 : 0;
        }
        if (exact && i < m_at) { // the exponent
            ++i;
            const bool negative = m_text[i] == '-';
            i += (m_text[i] == '-' || m_text[i] == '+') ? 1 : 0;
            for (; i < m_at && exact; ++i) {
                exponent = exponent * 10 + (m_text[i] - '0');
                exact = exponent <= 400;
            }
            exponent = negative ? -exponent : exponent;
        }
        const int power = exponent - fractionDigits;
        if (exact && power >= -22 && power <= 22) {
            static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
            const auto m = static_cast<double>(mantissa);
            const double v = power < 0 ? m / kPowers[-power] : m * kPowers[power];
            out = m_text[begin] == '-' ? -v : v;
            return true;
        }
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
        return ec == std::errc() && ptr == token.data() + token.size() && std::isfinite(out);
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
    static bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool parseInteger(std::string_view token, std::int64_t& out)
    {
        const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), out);
        return ec == std::errc() && ptr == token.data() + token.size();
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

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

bool readObject(Scanner& in, bool annotations, CocoElementValues& v)
{
    if (!in.consume('{'))
        return false;
    unsigned seen = 0;
    do {
        std::string_view key;
        if (!in.string(key) || !in.consume(':'))
            return false;
        Key which;
        if (key == "image_id")
            which = kImage;
        else if (key == "category_id")
            which = kCategory;
        else if (key == "bbox")
            which = kBox;
        else if (key == "id")
            which = kId;
        else if (!annotations && key == "score")
            which = kScore;
        else if (annotations && key == "area")
            which = kArea;
        else if (annotations && key == "iscrowd")
            which = kCrowd;
        else
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
