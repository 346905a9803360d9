#include "net/json/json_stream.h"

#include <cstring>

#include "net/json/json_chars.h"
#include "net/text/ascii.h"
#include "net/text/slice.h"

namespace net::json {
namespace {

constexpr uint32_t kReplacement = 0xFFFD;  // U+FFFD REPLACEMENT CHARACTER

bool is_high_surrogate(uint32_t unit) {
    return unit >= 0xD800 && unit <= 0xDBFF;
}
bool is_low_surrogate(uint32_t unit) {
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// Continuation bytes a lead byte needs (0: not a lead byte of a valid sequence).
uint8_t continuations(uint8_t lead) {
    if (lead >= 0xC2 && lead <= 0xDF) return 1;
    if (lead >= 0xE0 && lead <= 0xEF) return 2;
    if (lead >= 0xF0 && lead <= 0xF4) return 3;
    return 0;
}

// Whether `byte` may follow `lead` as its first continuation (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF).
bool valid_second(uint8_t lead, uint8_t byte) {
    switch (lead) {
        case 0xE0:
            return byte >= 0xA0 && byte <= 0xBF;
        case 0xED:
            return byte >= 0x80 && byte <= 0x9F;
        case 0xF0:
            return byte >= 0x90 && byte <= 0xBF;
        case 0xF4:
            return byte >= 0x80 && byte <= 0x8F;
        default:
            return byte >= 0x80 && byte <= 0xBF;
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

void JsonStream::reset() {
    state_ = State::kValue;
    failed_in_ = State::kValue;
    failure_ = hal::Status::kOk;
    containers_ = 0;
    depth_ = 0;
    in_key_ = false;
    low_expected_ = false;
    utf8_need_ = 0;
    utf8_have_ = 0;
    out_length_ = 0;
    key_length_ = 0;
    scalar_length_ = 0;
}

void JsonStream::feed(std::string_view bytes) {
    parse(bytes, false);
}

size_t JsonStream::feed_value(std::string_view bytes) {
    return parse(bytes, true);
}

// The bytes taken: all, or (stop_at_end) up to the value's last, or those before the byte
// that broke the document.
size_t JsonStream::parse(std::string_view bytes, bool stop_at_end) {
    size_t at = 0;
    while (at < bytes.size()) {
        if (state_ == State::kFailed) break;
        if (stop_at_end && state_ == State::kDone) break;
        // The bulk paths: a run of bytes that needs no decoding and changes no state is
        // taken at once (printable ASCII in a string or a key, a scalar's characters).
        size_t run = 0;
        if (state_ == State::kString && utf8_need_ == 0) {
            run = plain_ascii_run(text::slice(bytes, at));
            if (in_key_) {
                put_key_run(bytes.data() + at, run);
            } else {
                put_run(bytes.data() + at, run);
            }
        } else if (state_ == State::kScalar) {
            run = scalar_run(text::slice(bytes, at));
            if (state_ == State::kFailed) break;
        }
        if (run > 0) {
            at += run;
            continue;
        }
        step(bytes[at]);
        if (state_ != State::kFailed) ++at;
    }
    // Hand out what this piece decoded, so text reaches the caller as it arrives.
    if (!in_key_ && out_length_ > 0) flush(false);
    return at;
}

bool JsonStream::failed_in_string() const {
    switch (failed_in_) {
        case State::kString:
        case State::kEscape:
        case State::kHex:
        case State::kLowBackslash:
        case State::kLowU:
            return true;
        default:
            return false;
    }
}

hal::Status JsonStream::finish() {
    if (state_ == State::kScalar && depth_ == 0 && end_scalar()) state_ = State::kDone;
    if (state_ == State::kDone) return hal::Status::kOk;
    return state_ == State::kFailed ? failure_ : hal::Status::kCorrupt;
}

void JsonStream::fail(hal::Status why) {
    failed_in_ = state_;
    state_ = State::kFailed;
    failure_ = why;
}

void JsonStream::step(char c) {
    switch (state_) {
        case State::kString:
            return step_string(c);
        case State::kEscape:
            return step_escape(c);
        case State::kHex:
            return step_hex(c);
        case State::kLowBackslash:
            if (c == '\\') {
                state_ = State::kLowU;
                return;
            }
            put_code_point(kReplacement);  // a high surrogate with no low one
            state_ = State::kString;
            return step_string(c);
        case State::kLowU:
            if (c == 'u') {
                low_expected_ = true;
                hex_digits_ = 0;
                code_unit_ = 0;
                state_ = State::kHex;
                return;
            }
            put_code_point(kReplacement);
            state_ = State::kEscape;  // the backslash began some other escape
            return step_escape(c);
        case State::kScalar:
            return step_scalar(c);
        case State::kDone:
            if (!chars::is_json_space(c)) fail(hal::Status::kCorrupt);  // one value only
            return;
        default:
            return step_structure(c);
    }
}

// Between values: what each state accepts next.
void JsonStream::step_structure(char c) {
    if (chars::is_json_space(c)) return;
    switch (state_) {
        case State::kFirstValue:
            if (c == ']') return close(c);
            return begin_value(c);
        case State::kValue:
            return begin_value(c);
        case State::kKeyOrClose:
            if (c == '}') return close(c);
            [[fallthrough]];
        case State::kKey:
            if (c != '"') return fail(hal::Status::kCorrupt);
            in_key_ = true;
            key_length_ = 0;
            state_ = State::kString;
            return;
        case State::kColon:
            if (c != ':') return fail(hal::Status::kCorrupt);
            state_ = State::kValue;
            return;
        case State::kAfterValue:
            if (c == '}' || c == ']') return close(c);
            if (c != ',') return fail(hal::Status::kCorrupt);
            state_ = (containers_ >> (depth_ - 1)) & 1u ? State::kKey : State::kValue;
            return;
        default:
            return fail(hal::Status::kCorrupt);
    }
}

void JsonStream::begin_value(char c) {
    if (c == '{') return open(true);
    if (c == '[') return open(false);
    if (c == '"') {
        in_key_ = false;
        out_length_ = 0;
        state_ = State::kString;
        return;
    }
    if (c == '-' || text::is_digit(c) || c == 't' || c == 'f' || c == 'n') {
        scalar_length_ = 0;
        state_ = State::kScalar;
        return step_scalar(c);
    }
    fail(hal::Status::kCorrupt);
}

void JsonStream::open(bool object) {
    if (depth_ == kMaxDepth) return fail(hal::Status::kTooLarge);
    if (object) {
        containers_ |= 1u << depth_;
    } else {
        containers_ &= ~(1u << depth_);
    }
    ++depth_;
    events_.on_open(object);
    state_ = object ? State::kKeyOrClose : State::kFirstValue;
}

void JsonStream::close(char c) {
    const bool object = (containers_ >> (depth_ - 1)) & 1u;
    if (c != (object ? '}' : ']')) return fail(hal::Status::kCorrupt);
    --depth_;
    events_.on_close();
    end_value();
}

void JsonStream::end_value() {
    state_ = depth_ == 0 ? State::kDone : State::kAfterValue;
}

void JsonStream::step_string(char c) {
    const auto byte = static_cast<uint8_t>(c);
    if (c == '"' || c == '\\') {
        if (utf8_need_ > 0) {  // a character cut short by the quote or the escape
            utf8_need_ = 0;
            put_code_point(kReplacement);
        }
        if (c == '"') return end_string();
        state_ = State::kEscape;
        return;
    }
    if (byte < 0x20) return fail(hal::Status::kCorrupt);  // control characters are escaped
    take_byte(byte);
}

void JsonStream::step_escape(char c) {
    state_ = State::kString;
    switch (c) {
        case '"':
        case '\\':
        case '/':
            return put_bytes(&c, 1);
        case 'b':
            return put_bytes("\b", 1);
        case 'f':
            return put_bytes("\f", 1);
        case 'n':
            return put_bytes("\n", 1);
        case 'r':
            return put_bytes("\r", 1);
        case 't':
            return put_bytes("\t", 1);
        case 'u':
            low_expected_ = false;
            hex_digits_ = 0;
            code_unit_ = 0;
            state_ = State::kHex;
            return;
        default:
            return fail(hal::Status::kCorrupt);
    }
}

void JsonStream::step_hex(char c) {
    const int value = hex_value(c);
    if (value < 0) return fail(hal::Status::kCorrupt);
    code_unit_ = (code_unit_ << 4) | static_cast<uint32_t>(value);
    if (++hex_digits_ < 4) return;
    state_ = State::kString;
    finish_code_unit();
}

void JsonStream::finish_code_unit() {
    const uint32_t unit = code_unit_;
    if (low_expected_) {
        low_expected_ = false;
        if (is_low_surrogate(unit)) {
            return put_code_point(0x10000 + ((high_surrogate_ - 0xD800) << 10) + (unit - 0xDC00));
        }
        put_code_point(kReplacement);  // the high surrogate had no partner; read `unit` alone
    }
    if (is_high_surrogate(unit)) {
        high_surrogate_ = unit;
        state_ = State::kLowBackslash;
        return;
    }
    put_code_point(is_low_surrogate(unit) ? kReplacement : unit);
}

void JsonStream::end_string() {
    if (in_key_) {
        in_key_ = false;
        state_ = State::kColon;
        events_.on_key(std::string_view(key_, key_length_));
        return;
    }
    flush(true);
    end_value();
}

void JsonStream::step_scalar(char c) {
    if (chars::is_scalar_char(c)) {
        if (scalar_length_ == kMaxScalarLength) return fail(hal::Status::kTooLarge);
        scalar_[scalar_length_++] = c;
        return;
    }
    if (!end_scalar()) return;
    end_value();
    step(c);  // the delimiter belongs to the structure around the scalar
}

bool JsonStream::end_scalar() {
    const std::string_view token(scalar_, scalar_length_);
    if (!chars::is_scalar_token(token)) {
        fail(hal::Status::kCorrupt);
        return false;
    }
    events_.on_scalar(token);
    return true;
}

void JsonStream::take_byte(uint8_t byte) {
    if (utf8_need_ == 0) {
        if (byte < 0x80) {
            const char c = static_cast<char>(byte);
            return put_bytes(&c, 1);
        }
        utf8_need_ = continuations(byte);
        if (utf8_need_ == 0) return put_code_point(kReplacement);
        utf8_[0] = byte;
        utf8_have_ = 1;
        return;
    }
    const bool valid = utf8_have_ == 1 ? valid_second(utf8_[0], byte) : (byte & 0xC0) == 0x80;
    if (!valid) {
        utf8_need_ = 0;
        put_code_point(kReplacement);
        return take_byte(byte);  // the byte may begin the next character
    }
    utf8_[utf8_have_++] = byte;
    if (utf8_have_ == utf8_need_ + 1) {
        utf8_need_ = 0;
        put_bytes(reinterpret_cast<const char*>(utf8_), utf8_have_);
    }
}

void JsonStream::put_code_point(uint32_t cp) {
    char bytes[4];
    size_t n = 0;
    if (cp < 0x80) {
        bytes[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
        bytes[n++] = static_cast<char>(0xC0 | (cp >> 6));
        bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        bytes[n++] = static_cast<char>(0xE0 | (cp >> 12));
        bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        bytes[n++] = static_cast<char>(0xF0 | (cp >> 18));
        bytes[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    put_bytes(bytes, n);
}

// One whole character (or a run of whole characters) of decoded output.
void JsonStream::put_bytes(const char* bytes, size_t n) {
    if (in_key_) {
        for (size_t i = 0; i < n && key_length_ < sizeof key_; ++i)
            key_[key_length_++] = bytes[i];
        return;
    }
    if (out_length_ + n > sizeof out_) flush(false);
    for (size_t i = 0; i < n; ++i)
        out_[out_length_++] = bytes[i];
}

size_t JsonStream::plain_ascii_run(std::string_view bytes) {
    size_t n = 0;
    while (n < bytes.size() && !chars::has(bytes[n], chars::kNotPlainString))
        ++n;
    return n;
}

// Plain key bytes: kept up to the key buffer (one byte past kMaxKeyLength marks a cut key).
void JsonStream::put_key_run(const char* bytes, size_t n) {
    const size_t room = sizeof key_ - key_length_;
    const size_t take = n < room ? n : room;
    std::memcpy(key_ + key_length_, bytes, take);
    key_length_ = static_cast<uint8_t>(key_length_ + take);
}

// A scalar's characters at the front of `bytes`, kept; fails when the scalar is too long.
size_t JsonStream::scalar_run(std::string_view bytes) {
    size_t n = 0;
    while (n < bytes.size() && chars::is_scalar_char(bytes[n]))
        ++n;
    if (scalar_length_ + n > sizeof scalar_) {
        fail(hal::Status::kTooLarge);
        return n;
    }
    std::memcpy(scalar_ + scalar_length_, bytes.data(), n);
    scalar_length_ = static_cast<uint8_t>(scalar_length_ + n);
    return n;
}

// A run of single-byte characters: cut into pieces anywhere, each piece still whole
// characters.
void JsonStream::put_run(const char* bytes, size_t n) {
    while (n > 0) {
        if (out_length_ == sizeof out_) flush(false);
        const size_t room = sizeof out_ - out_length_;
        const size_t take = n < room ? n : room;
        std::memcpy(out_ + out_length_, bytes, take);
        out_length_ += take;
        bytes += take;
        n -= take;
    }
}

void JsonStream::flush(bool last) {
    events_.on_string(std::string_view(out_, out_length_), last);
    out_length_ = 0;
}

}  // namespace net::json
