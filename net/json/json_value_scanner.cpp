#include "net/json/json_value_scanner.h"

#include "net/json/json_chars.h"
#include "net/text/ascii.h"
#include "net/text/slice.h"

namespace net::json {
namespace {

using Scan = JsonValueScanner::Scan;
using Step = JsonValueScanner::Step;

bool ends_scalar(char c) {
    return c == ',' || c == '}' || c == ']' || text::is_space(c);
}

}  // namespace

Scan JsonValueScanner::scan(std::string_view text) {
    size_t i = 0;
    if (kind_ == Kind::kNone) {
        if (text.empty()) return {0, Step::kTake};
        if (!first(text[0])) return {0, Step::kCorrupt};
        i = 1;
    }
    switch (kind_) {
        case Kind::kContainer:
            return in_container(text, i);
        case Kind::kString:
            return in_string(text, i);
        case Kind::kScalar:
            return in_scalar(text, i);
        case Kind::kNone:
            break;
    }
    return {0, Step::kCorrupt};
}

bool JsonValueScanner::first(char c) {
    escaped_ = false;
    inside_string_ = false;
    if (c == '{' || c == '[') {
        kind_ = Kind::kContainer;
        depth_ = 1;
    } else if (c == '"') {
        kind_ = Kind::kString;
    } else if (chars::is_scalar_char(c)) {
        kind_ = Kind::kScalar;
    } else {
        return false;
    }
    return true;
}

Scan JsonValueScanner::in_string(std::string_view text, size_t i) {
    bool escaped = escaped_;
    const size_t n = text.size();
    while (i < n) {
        if (escaped) {
            escaped = false;
            ++i;
            continue;
        }
        while (i < n && !chars::has(text[i], chars::kQuoteOrBackslash))
            ++i;
        if (i == n) break;
        if (text[i++] == '"') {
            escaped_ = false;
            return {i, Step::kTakeAndEnd};
        }
        escaped = true;
    }
    escaped_ = escaped;
    return {i, Step::kTake};
}

// The state lives in locals for the loop (a member written per byte would be stored per
// byte) and goes back to the members when the text runs out. Each inner loop skips the
// bytes that cannot change the state: in a string all but '"' and '\\', outside strings
// all but quotes and brackets.
Scan JsonValueScanner::in_container(std::string_view text, size_t i) {
    bool inside = inside_string_;
    bool escaped = escaped_;
    uint32_t depth = depth_;
    const size_t n = text.size();
    while (i < n) {
        if (escaped) {  // the byte after a backslash is the string's, whatever it is
            escaped = false;
            ++i;
            continue;
        }
        const uint8_t stop = inside ? chars::kQuoteOrBackslash : chars::kContainerMark;
        while (i < n && !chars::has(text[i], stop))
            ++i;
        if (i == n) break;
        const char c = text[i++];
        if (inside) {
            escaped = c == '\\';
            inside = escaped;
        } else if (c == '"') {
            inside = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (--depth == 0) {  // '}' or ']'
            depth_ = 0;
            return {i, Step::kTakeAndEnd};
        }
    }
    inside_string_ = inside;
    escaped_ = escaped;
    depth_ = depth;
    return {i, Step::kTake};
}

Scan JsonValueScanner::in_scalar(std::string_view text, size_t i) {
    while (i < text.size() && chars::is_scalar_char(text[i]))
        ++i;
    if (i == text.size()) return {i, Step::kTake};
    return {i, ends_scalar(text[i]) ? Step::kEndedBefore : Step::kCorrupt};
}

// The length of the value starting at `at`, or 0 when it does not end within the text.
size_t value_length(std::string_view text, size_t at) {
    if (at >= text.size()) return 0;
    JsonValueScanner scanner;
    scanner.start();
    const JsonValueScanner::Scan scan = scanner.scan(text::slice(text, at));
    switch (scan.step) {
        case Step::kTakeAndEnd:
        case Step::kEndedBefore:
            return scan.taken;
        case Step::kTake:
        case Step::kCorrupt:
            break;
    }
    return 0;
}

size_t skip_space(std::string_view text, size_t at) {
    while (at < text.size() && text::is_space(text[at]))
        ++at;
    return at;
}

}  // namespace net::json
