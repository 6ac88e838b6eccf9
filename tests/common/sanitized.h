// SPDX-License-Identifier: MIT
#pragma once

namespace optconf::test {

/// Whether the product under test runs under sanitizers. OPTCONF_SANITIZED marks a test driver
/// that is not instrumented itself but links an instrumented product and the sanitizer runtimes.
/// Such a build cannot run under an address-space limit (the sanitizers reserve terabytes for
/// their shadow memory), and runs the product several times slower: oracle checks that repeat
/// a whole evaluation many times take a sample there, and every case in the plain builds.
#if defined(OPTCONF_SANITIZED) || defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
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

} // namespace optconf::test
