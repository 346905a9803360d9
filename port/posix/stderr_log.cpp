#include "port/posix/stderr_log.h"

#include <cerrno>
#include <cstdio>

namespace port::posix {
namespace {

// "[4294967295] E " + module + ": " + message + "\n"
constexpr size_t kPrefixMax = 16;
constexpr size_t kLineMax = kPrefixMax + StderrLog::kMaxModuleLength + 2 + hal::kLogLineMax + 1;

// Appends `text` cut to `limit` characters, with control characters shown as '?':
// a message quoting network data must not be able to start a fake log line.
size_t append_clean(char* line, size_t at, std::string_view text, size_t limit) {
    const size_t count = text.size() < limit ? text.size() : limit;
    for (size_t i = 0; i < count; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        line[at++] = (c < 0x20 || c == 0x7F) ? '?' : static_cast<char>(c);
    }
    return at;
}

}  // namespace

void StderrLog::write(hal::LogLevel level, std::string_view module, std::string_view message) {
    if (static_cast<int>(level) > static_cast<int>(min_level_)) return;

    char line[kLineMax];
    const int prefix = std::snprintf(line, kPrefixMax, "[%u] %s ",
                                     static_cast<unsigned>(clock_.now_ms()), hal::to_string(level));
    size_t at = prefix > 0 ? static_cast<size_t>(prefix) : 0;
    if (at > kPrefixMax - 1) at = kPrefixMax - 1;  // snprintf reports what it would have written
    at = append_clean(line, at, module, kMaxModuleLength);
    line[at++] = ':';
    line[at++] = ' ';
    at = append_clean(line, at, message, hal::kLogLineMax);
    line[at++] = '\n';

    // One call per line keeps lines whole, so a short write is not completed by a second
    // call (that could land inside another process's line); only EINTR is retried.
    ssize_t n = 0;
    do {
        n = ::write(fd_, line, at);
    } while (n < 0 && errno == EINTR);
}

}  // namespace port::posix
