#include "firmware/apps/kiosk/line_editor.h"

#include <cstring>

namespace firmware::apps::kiosk {
namespace {

constexpr uint8_t kEscape = 0x1b;
constexpr uint8_t kBackspace = 0x08;
constexpr uint8_t kDelete = 0x7f;
constexpr uint8_t kCtrlD = 0x04;
constexpr uint8_t kCtrlU = 0x15;
constexpr uint8_t kFirstPrintable = 0x20;
// A CSI sequence ends with a byte from '@' to '~'.
constexpr uint8_t kFinalLow = 0x40;
constexpr uint8_t kFinalHigh = 0x7e;

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

bool is_continuation(char c) {
    return (static_cast<uint8_t>(c) & 0xc0) == 0x80;
}

// The length of `s` without a character torn at its end: bytes typed past the line's
// limit were dropped, and they may have been the rest of the last character.
size_t without_torn_end(std::string_view s) {
    size_t lead = s.size();
    while (lead > 0 && is_continuation(s[lead - 1]))
        --lead;
    if (lead == 0) return s.size();  // no lead byte at all: invalid, refused as such later
    const uint8_t first = static_cast<uint8_t>(s[lead - 1]);
    const size_t length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
    return lead - 1 + length > s.size() ? lead - 1 : s.size();
}

}  // namespace

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && is_blank(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back()))
        s.remove_suffix(1);
    return s;
}

KeyEffect KioskLineEditor::key(uint8_t byte) {
    const bool after_cr = last_was_cr_;
    last_was_cr_ = byte == '\r';
    if (escape_ != Escape::kNone) {
        skip_escape(byte);
        return KeyEffect::kNone;
    }
    switch (byte) {
        case kEscape:
            escape_ = Escape::kStart;
            return KeyEffect::kNone;
        case '\n':  // LF ends a line, unless it is the second half of CR LF
            return after_cr ? KeyEffect::kNone : KeyEffect::kEnter;
        case '\r':
            return KeyEffect::kEnter;
        case kBackspace:
        case kDelete:
            return erase_last_char();
        case kCtrlU:
            length_ = 0;
            overflow_ = false;
            return KeyEffect::kCleared;
        case kCtrlD:
            return length_ == 0 ? KeyEffect::kEndOfInput : KeyEffect::kNone;
        default:
            return insert(byte);
    }
}

// ESC [ ... or ESC O x: cursor keys, ignored. ESC and any other byte: both dropped.
void KioskLineEditor::skip_escape(uint8_t byte) {
    if (escape_ == Escape::kStart) {
        escape_ = (byte == '[' || byte == 'O') ? Escape::kSequence : Escape::kNone;
    } else if (byte >= kFinalLow && byte <= kFinalHigh) {
        escape_ = Escape::kNone;
    }
}

// Drops UTF-8 continuation bytes, then the lead byte: one character, one cell.
KeyEffect KioskLineEditor::erase_last_char() {
    if (length_ == 0) return KeyEffect::kNone;
    while (length_ > 0 && is_continuation(line_[length_ - 1]))
        --length_;
    if (length_ > 0) --length_;
    return KeyEffect::kErased;
}

KeyEffect KioskLineEditor::insert(uint8_t byte) {
    if (byte < kFirstPrintable && byte != '\t') return KeyEffect::kNone;  // other control keys
    if (length_ >= sizeof line_) {  // full: refused at Enter, never cut silently
        const bool first = !overflow_;
        overflow_ = true;
        return first ? KeyEffect::kFull : KeyEffect::kNone;
    }
    line_[length_++] = static_cast<char>(byte == '\t' ? ' ' : byte);
    return KeyEffect::kInserted;
}

FinishedLine KioskLineEditor::take(hal::CharSpan out) {
    std::string_view text = trim_blanks(this->text());
    if (overflow_) text = text.substr(0, without_torn_end(text));
    const size_t size = text.size() < out.size() ? text.size() : out.size();
    std::memcpy(out.data(), text.data(), size);
    const FinishedLine line{std::string_view(out.data(), size), overflow_};
    length_ = 0;
    overflow_ = false;
    return line;
}

void KioskLineEditor::restore(std::string_view text) {
    length_ = text.size() < sizeof line_ ? text.size() : sizeof line_;
    std::memmove(line_, text.data(), length_);
    overflow_ = false;
}

}  // namespace firmware::apps::kiosk
