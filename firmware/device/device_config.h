// Compile-time sizes of the device composition (firmware/device). Every value is an
// #ifndef default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

// The HTTP client's request-head buffer (method, path, headers; bodies are streamed).
#ifndef PARLEY_DEVICE_HTTP_BUFFER_SIZE
#define PARLEY_DEVICE_HTTP_BUFFER_SIZE 2048
#endif

namespace firmware::device {

constexpr size_t kHttpBufferSize = PARLEY_DEVICE_HTTP_BUFFER_SIZE;

}  // namespace firmware::device
