#include "net/json/json_value_scanner.h"

#include "net/text/ascii.h"

namespace net::json {
namespace {

using Step = JsonValueScanner::Step;

// Characters of true, false, null and numbers: anything else ends or breaks a scalar.
bool is_scalar_char(char c) {
    return text::is_alnum(c) || c == '-' || c == '+' || c == '.';
}

bool ends_scalar(char c) {
    return c == ',' || c == '}' || c == ']' || text::is_space(c);
}

}  // namespace

Step JsonValueScanner::feed(char c) {
    switch (kind_) {
        case Kind::kNone:
            return first(c);
        case Kind::kContainer:
            return in_container(c);
        case Kind::kString:
            return in_string(c);
        case Kind::kScalar:
            return in_scalar(c);
    }
    return Step::kCorrupt;
}

Step JsonValueScanner::first(char c) {
    escaped_ = false;
    inside_string_ = false;
    if (c == '{' || c == '[') {
        kind_ = Kind::kContainer;
        depth_ = 1;
        return Step::kTake;
    }
    if (c == '"') {
        kind_ = Kind::kString;
        return Step::kTake;
    }
    if (!is_scalar_char(c)) return Step::kCorrupt;
    kind_ = Kind::kScalar;
    return Step::kTake;
}

Step JsonValueScanner::in_string(char c) {
    if (escaped_) {
        escaped_ = false;
    } else if (c == '\\') {
        escaped_ = true;
    } else if (c == '"') {
        return Step::kTakeAndEnd;
    }
    return Step::kTake;
}

Step JsonValueScanner::in_container(char c) {
    if (inside_string_) {
        if (in_string(c) == Step::kTakeAndEnd) inside_string_ = false;
        return Step::kTake;
    }
    if (c == '"') {
        inside_string_ = true;
    } else if (c == '{' || c == '[') {
        ++depth_;
    } else if (c == '}' || c == ']') {
        if (--depth_ == 0) return Step::kTakeAndEnd;
    }
    return Step::kTake;
}

size_t JsonValueScanner::plain_run(std::string_view text) const {
    size_t n = 0;
    const bool in_string =
        !escaped_ && (kind_ == Kind::kString || (kind_ == Kind::kContainer && inside_string_));
    if (in_string) {
        while (n < text.size() && text[n] != '"' && text[n] != '\\')
            ++n;
    } else if (kind_ == Kind::kContainer && !inside_string_) {
        while (n < text.size() && text[n] != '"' && text[n] != '{' && text[n] != '}' &&
               text[n] != '[' && text[n] != ']')
            ++n;
    } else if (kind_ == Kind::kScalar) {
        while (n < text.size() && is_scalar_char(text[n]))
            ++n;
    }
    return n;
}

Step JsonValueScanner::in_scalar(char c) {
    if (is_scalar_char(c)) return Step::kTake;
    return ends_scalar(c) ? Step::kEndedBefore : Step::kCorrupt;
}

// The length of the value starting at `at`, or 0 when it does not end within the text.
size_t value_length(std::string_view text, size_t at) {
    JsonValueScanner scanner;
    scanner.start();
    for (size_t i = at; i < text.size(); ++i) {
        switch (scanner.feed(text[i])) {
            case JsonValueScanner::Step::kTake:
                continue;
            case JsonValueScanner::Step::kTakeAndEnd:
                return i + 1 - at;
            case JsonValueScanner::Step::kEndedBefore:
                return i - at;
            case JsonValueScanner::Step::kCorrupt:
                return 0;
        }
    }
    return 0;
}

size_t skip_space(std::string_view text, size_t at) {
    while (at < text.size() && text::is_space(text[at]))
        ++at;
    return at;
}

}  // namespace net::json
