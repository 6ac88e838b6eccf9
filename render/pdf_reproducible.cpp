// SPDX-License-Identifier: MIT
#include "render/pdf_reproducible.h"

#include <cctype>

namespace optconf {

namespace {

/// After an edit at `from` changed the length of `pdf` by `delta`, adds `delta` to every
/// cross-reference offset beyond `from` and to startxref. Handles the classic xref table QPdfWriter
/// writes; false (bytes unchanged) for anything else.
bool shiftCrossReferences(QByteArray& pdf, qsizetype from, qsizetype delta)
{
    static const QByteArray startKey = QByteArrayLiteral("startxref\n");
    const qsizetype startAt = pdf.lastIndexOf(startKey);
    if (startAt < 0)
        return false;
    const qsizetype numberAt = startAt + startKey.size();
    const qsizetype numberEnd = pdf.indexOf('\n', numberAt);
    bool ok = false;
    const qsizetype xref = pdf.mid(numberAt, numberEnd - numberAt).trimmed().toLongLong(&ok);
    // The bytes were edited already: the table itself has moved too.
    const qsizetype table = xref > from ? xref + delta : xref;
    if (!ok || numberEnd < 0 || !pdf.mid(table, 5).startsWith("xref"))
        return false;
    QByteArray out = pdf;
    qsizetype line = pdf.indexOf('\n', table) + 1; // after "xref"
    while (line > 0 && line < startAt) {
        const qsizetype end = pdf.indexOf('\n', line);
        const QList<QByteArray> header = pdf.mid(line, end - line).trimmed().split(' ');
        if (header.size() != 2) // "trailer": the table is over
            break;
        const qsizetype count = header[1].toLongLong(&ok);
        if (!ok)
            return false;
        qsizetype entry = end + 1;
        for (qsizetype i = 0; i < count; ++i, entry += 20) {
            if (pdf.at(entry + 17) == 'n') {
                const qsizetype offset = pdf.mid(entry, 10).toLongLong(&ok);
                if (!ok)
                    return false;
                if (offset > from)
                    out.replace(entry, 10, QByteArray::number(offset + delta).rightJustified(10, '0'));
            }
        }
        line = entry;
    }
    qsizetype digits = 0; // only the digits: Qt follows them with a space
    while (numberAt + digits < numberEnd &&
           std::isdigit(static_cast<unsigned char>(pdf.at(numberAt + digits))))
        ++digits;
    out.replace(numberAt, digits, QByteArray::number(table));
    pdf = std::move(out);
    return true;
}

} // namespace

bool stampCreationDate(QByteArray& pdf, const QDateTime& created)
{
    static const QByteArray key = QByteArrayLiteral("/CreationDate (D:");
    const qsizetype at = pdf.indexOf(key);
    if (at < 0)
        return false;
    const qsizetype start = at + key.size();
    const qsizetype end = pdf.indexOf(')', start);
    if (end < 0)
        return false;
    const QByteArray stamp = created.toUTC().toString(QStringLiteral("yyyyMMddHHmmss")).toLatin1() + 'Z';
    QByteArray edited = pdf;
    edited.replace(start, end - start, stamp);
    const qsizetype delta = stamp.size() - (end - start);
    if (delta != 0 && !shiftCrossReferences(edited, start, delta))
        return false;
    pdf = std::move(edited);
    return true;
}

} // namespace optconf
