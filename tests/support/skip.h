// Skipping a test binary through ctest's skip code. A test that cannot run here (no IPv6
// loopback, say) calls skip_binary(reason) and returns; when every test that ran passed,
// main() then exits with kSkipReturnCode, which ctest reports as "Skipped" for an entry
// with SKIP_RETURN_CODE 77 instead of a pass that proved nothing. Use it only in a
// binary (or a -g group run as its own ctest entry) where skipping means the whole entry.
#pragma once

namespace parley_test {

constexpr int kSkipReturnCode = 77;

// Prints "skipped: <reason>" and marks the run as skipped.
void skip_binary(const char* reason);

// True once skip_binary was called.
bool binary_skipped();

}  // namespace parley_test
