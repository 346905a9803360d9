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

Step JsonValueScanner::in_scalar(char c) {
    if (is_scalar_char(c)) return Step::kTake;
    return ends_scalar(c) ? Step::kEndedBefore : Step::kCorrupt;
}

}  // namespace net::json
