// SPDX-License-Identifier: MIT
#pragma once

// What makes two renderings of the same PDF report the same bytes (QPdfWriter, Qt 6.4).

#include <QByteArray>
#include <QDateTime>
#include <QHashSeed>

namespace optconf {

/// While alive, new hash tables use a fixed seed. QPdfEngine keeps the embedded fonts in a QHash and
/// writes them in its iteration order: with the usual random seed the font objects (and the subset
/// tags numbered after them) change order from run to run, and the same report differs in bytes.
class DeterministicHashOrder
{
public:
    DeterministicHashOrder() { QHashSeed::setDeterministicGlobalSeed(); }
    ~DeterministicHashOrder() { QHashSeed::resetRandomGlobalSeed(); }
    DeterministicHashOrder(const DeterministicHashOrder&) = delete;
    DeterministicHashOrder& operator=(const DeterministicHashOrder&) = delete;
};

/// QPdfWriter (Qt 6.4) stamps /CreationDate with the clock, in local time, and offers no setter.
/// Rewrites it to `created` in UTC ("D:YYYYMMDDHHmmSSZ"), the cross-references shifted to match.
/// False (bytes unchanged) when the stamp is not found as Qt writes it.
bool stampCreationDate(QByteArray& pdf, const QDateTime& created);

} // namespace optconf
