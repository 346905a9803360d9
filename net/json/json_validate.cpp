// validate() (json_raw.h): the grammar check of a captured part before it is read in
// place. The same language as JsonStream (RFC 8259, nesting at most kMaxDepth, scalars of
// at most kMaxScalarLength, no control characters in strings, any byte >= 0x80 in a
// string) with the same verdicts, in one pass that keeps and decodes nothing: a table
// lookup per string byte instead of JsonStream's per-token events. The fuzz target
// json_stream checks the two agree on every input.
#include "net/json/json_chars.h"
#include "net/json/json_raw.h"
#include "net/json/json_stream.h"  // kMaxScalarLength
#include "net/text/ascii.h"

namespace net::json {
namespace {

using hal::Status;

class Validator {
  public:
    explicit Validator(std::string_view text) : text_(text) {}

    Status run() {
        for (;;) {
            skip_space();
            if (at_ == text_.size()) return Status::kCorrupt;  // a value or a close must come
            const Status step = next(text_[at_]);
            if (step != Status::kOk) return step;
            if (done_) {
                skip_space();
                return at_ == text_.size() ? Status::kOk : Status::kCorrupt;
            }
        }
    }

  private:
    enum class Expect : uint8_t { kValue, kFirstValue, kKeyOrClose, kKey, kAfterValue };

    Status next(char c) {
        switch (expect_) {
            case Expect::kFirstValue:
                if (c == ']') return close(c);
                return value(c);
            case Expect::kValue:
                return value(c);
            case Expect::kKeyOrClose:
                if (c == '}') return close(c);
                return key(c);
            case Expect::kKey:
                return key(c);
            case Expect::kAfterValue:
                if (c == '}' || c == ']') return close(c);
                if (c != ',') return Status::kCorrupt;
                ++at_;
                expect_ = in_object() ? Expect::kKey : Expect::kValue;
                return Status::kOk;
        }
        return Status::kCorrupt;
    }

    Status value(char c) {
        if (c == '{' || c == '[') {
            if (depth_ == kMaxDepth) return Status::kTooLarge;
            const uint32_t bit = 1u << depth_;
            objects_ = c == '{' ? (objects_ | bit) : (objects_ & ~bit);
            ++depth_;
            ++at_;
            expect_ = c == '{' ? Expect::kKeyOrClose : Expect::kFirstValue;
            return Status::kOk;
        }
        if (c == '"') {
            HAL_TRY(string());
        } else if (c == '-' || text::is_digit(c) || c == 't' || c == 'f' || c == 'n') {
            HAL_TRY(scalar());
        } else {
            return Status::kCorrupt;
        }
        end_value();
        return Status::kOk;
    }

    Status key(char c) {
        if (c != '"') return Status::kCorrupt;
        HAL_TRY(string());
        skip_space();
        if (at_ == text_.size() || text_[at_] != ':') return Status::kCorrupt;
        ++at_;
        expect_ = Expect::kValue;
        return Status::kOk;
    }

    Status close(char c) {
        if (c != (in_object() ? '}' : ']')) return Status::kCorrupt;
        --depth_;
        ++at_;
        end_value();
        return Status::kOk;
    }

    void end_value() {
        done_ = depth_ == 0;
        expect_ = Expect::kAfterValue;
    }

    // From the opening quote to past the closing one.
    Status string() {
        const size_t n = text_.size();
        size_t i = at_ + 1;
        for (;;) {
            while (i < n && !chars::has(text_[i], chars::kNotPlainString))
                ++i;
            if (i == n) return Status::kCorrupt;  // cut short
            const auto byte = static_cast<uint8_t>(text_[i]);
            if (byte == '"') break;
            if (byte < 0x20) return Status::kCorrupt;  // control characters are escaped
            if (byte == '\\') {
                HAL_TRY(escape(&i));
            } else {
                ++i;  // part of a multi-byte character: JsonStream shows it, valid or not
            }
        }
        at_ = i + 1;
        return Status::kOk;
    }

    // text_[*i] is a backslash: past its escape.
    Status escape(size_t* i) const {
        const size_t n = text_.size();
        if (*i + 1 == n) return Status::kCorrupt;
        switch (text_[*i + 1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                *i += 2;
                return Status::kOk;
            case 'u':
                break;
            default:
                return Status::kCorrupt;
        }
        for (size_t k = *i + 2; k < *i + 6; ++k) {
            if (k == n || !text::is_hex_digit(text_[k])) return Status::kCorrupt;
        }
        *i += 6;
        return Status::kOk;
    }

    Status scalar() {
        size_t end = at_;
        while (end < text_.size() && chars::has(text_[end], chars::kScalar))
            ++end;
        const std::string_view token = text_.substr(at_, end - at_);
        if (token.size() > kMaxScalarLength) return Status::kTooLarge;
        // Cut short inside a container: JsonStream's finish() says kCorrupt whatever it is.
        if (end == text_.size() && depth_ > 0) return Status::kCorrupt;
        if (!chars::is_scalar_token(token)) return Status::kCorrupt;
        at_ = end;
        return Status::kOk;
    }

    bool in_object() const { return ((objects_ >> (depth_ - 1)) & 1u) != 0; }

    void skip_space() {
        while (at_ < text_.size() && chars::is_json_space(text_[at_]))
            ++at_;
    }

    std::string_view text_;
    size_t at_ = 0;
    uint32_t objects_ = 0;  // bit d set: the container at depth d+1 is an object
    size_t depth_ = 0;
    Expect expect_ = Expect::kValue;
    bool done_ = false;
};

}  // namespace

Status validate(std::string_view json) {
    return Validator(json).run();
}

}  // namespace net::json
