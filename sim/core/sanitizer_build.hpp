// Whether this is a sanitizer build (scripts/test --sanitize), for code that
// must act otherwise there: memory limits and crash handlers belong to the
// sanitizer. GCC says __SANITIZE_ADDRESS__; clang says __has_feature.
#pragma once

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define YUCUN_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define YUCUN_SANITIZED 1
#endif
#endif
