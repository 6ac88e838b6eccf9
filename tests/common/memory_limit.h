// SPDX-License-Identifier: MIT
#pragma once

// Running optconf-cli under an address-space limit (ulimit -v), as a machine short of memory
// would: allocations fail with std::bad_alloc instead of the process being killed.

#include <QProcess>
#include <QStringList>

namespace optconf::test {

/// Sanitizers reserve terabytes of address space for their shadow memory: a build with them
/// cannot run under an address-space limit at all.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

struct LimitedRun
{
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out, err;
};

/// Runs optconf-cli with `arguments` in a shell that first limits the address space to `kib` KiB.
inline LimitedRun runCliWithMemoryLimit(long long kib, const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral("sh"),
            QStringList{QStringLiteral("-c"), QStringLiteral("ulimit -v %1 && exec \"$0\" \"$@\"").arg(kib),
                        QStringLiteral(OPTCONF_CLI)} +
                arguments);
    if (!p.waitForFinished(300'000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus(), p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace optconf::test
