#include "net/text/utf8.h"

#include <cstdint>

namespace net::text {
namespace {

constexpr uint8_t kContinuationMask = 0xC0;
constexpr uint8_t kContinuationTag = 0x80;

bool is_continuation(uint8_t byte) {
    return (byte & kContinuationMask) == kContinuationTag;
}

// The length of the sequence a lead byte starts, or 0 for a byte that cannot lead.
size_t sequence_length(uint8_t lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;  // continuation bytes, overlong leads C0/C1, F5..FF
}

// The second byte's allowed range depends on the lead: this is what rules out overlong
// three/four-byte forms, UTF-16 surrogates (ED A0..BF) and values past U+10FFFF.
bool second_byte_ok(uint8_t lead, uint8_t second) {
    if (lead == 0xE0) return second >= 0xA0 && second <= 0xBF;
    if (lead == 0xED) return second >= 0x80 && second <= 0x9F;
    if (lead == 0xF0) return second >= 0x90 && second <= 0xBF;
    if (lead == 0xF4) return second >= 0x80 && second <= 0x8F;
    return is_continuation(second);
}

bool sequence_ok(std::string_view text, size_t at, size_t length) {
    if (length == 0 || length > text.size() - at) return false;
    if (length == 1) return true;
    const auto lead = static_cast<uint8_t>(text[at]);
    if (!second_byte_ok(lead, static_cast<uint8_t>(text[at + 1]))) return false;
    for (size_t i = 2; i < length; ++i) {
        if (!is_continuation(static_cast<uint8_t>(text[at + i]))) return false;
    }
    return true;
}

}  // namespace

hal::Result<size_t> count_code_points(std::string_view text) {
    size_t count = 0;
    for (size_t at = 0; at < text.size(); ++count) {
        const size_t length = sequence_length(static_cast<uint8_t>(text[at]));
        if (!sequence_ok(text, at, length)) return hal::Status::kInvalidArgument;
        at += length;
    }
    return count;
}

size_t utf8_prefix_length(std::string_view text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text.size();
    size_t cut = max_bytes;
    // Back up over continuation bytes to the lead of the character being cut.
    while (cut > 0 && is_continuation(static_cast<uint8_t>(text[cut])))
        --cut;
    return cut;
}

void Utf8Counter::feed(std::string_view piece) {
    for (const char c : piece) {
        if (invalid_) return;
        if (pending_size_ == 0) {
            const size_t length = sequence_length(static_cast<uint8_t>(c));
            if (length == 0) {
                invalid_ = true;
            } else if (length == 1) {
                ++count_;
            } else {
                pending_[0] = c;
                pending_size_ = 1;
                need_ = static_cast<uint8_t>(length);
            }
            continue;
        }
        pending_[pending_size_++] = c;
        if (pending_size_ < need_) continue;
        if (sequence_ok(std::string_view(pending_, need_), 0, need_)) {
            ++count_;
        } else {
            invalid_ = true;
        }
        pending_size_ = 0;
    }
}

hal::Result<size_t> Utf8Counter::result() const {
    if (invalid_ || pending_size_ != 0) return hal::Status::kInvalidArgument;
    return count_;
}

size_t control_character_length(std::string_view text, size_t at) {
    const auto byte = static_cast<uint8_t>(text[at]);
    if (byte < 0x20 || byte == 0x7F) return 1;
    const bool c1 = byte == 0xC2 && at + 1 < text.size() &&
                    static_cast<uint8_t>(text[at + 1]) >= 0x80 &&
                    static_cast<uint8_t>(text[at + 1]) <= 0x9F;
    return c1 ? 2 : 0;
}

}  // namespace net::text
