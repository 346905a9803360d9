#include "hal/log.h"

#include <cstdarg>
#include <cstdio>

namespace hal {
namespace {
Log* g_sink = nullptr;
}  // namespace

void set_log(Log* sink) {
    g_sink = sink;
}
Log* log_sink() {
    return g_sink;
}

void log_format(LogLevel level, const char* module, const char* format, ...) {
    if (g_sink == nullptr) return;
    char line[kLogLineMax];
    va_list args;
    va_start(args, format);
    const int n = std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n < 0) return;
    const size_t len =
        static_cast<size_t>(n) < sizeof line ? static_cast<size_t>(n) : sizeof line - 1;
    g_sink->write(level, module, std::string_view(line, len));
}

const char* to_string(LogLevel level) {
    switch (level) {
        case LogLevel::kError:
            return "E";
        case LogLevel::kWarn:
            return "W";
        case LogLevel::kInfo:
            return "I";
        case LogLevel::kDebug:
            return "D";
    }
    return "?";
}

}  // namespace hal
