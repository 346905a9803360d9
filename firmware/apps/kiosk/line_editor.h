// The kiosk's line editor: bytes from the terminal in, an edited line out. It holds the
// input line (at most PARLEY_KIOSK_INPUT_BYTES), and says what each key did so that the
// kiosk can show it; it writes nothing itself. Keys:
//   printable bytes and UTF-8   added to the line (a tab as a space)
//   Backspace, Delete           erase the last character (a UTF-8 sequence as one)
//   Ctrl-U                      clear the line
//   Enter (CR, LF or CR LF)     the line is finished: take() it
//   Ctrl-D                      on an empty line: the end of input
//   ESC [ ... / ESC O x         cursor and function keys: ignored whole
//   other control bytes         ignored
// Bytes past the limit are dropped, never cut silently: the line is marked overflowed
// and the kiosk refuses it at Enter. No heap: the line is a fixed-size member.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/kiosk/kiosk_config.h"  // kKioskInputBytes
#include "hal/span.h"

namespace firmware::apps::kiosk {

// What a key did to the line.
enum class KeyEffect : uint8_t {
    kNone,        // nothing to show: an ignored key, a backspace on an empty line
    kInserted,    // a character was added at the end of the line
    kErased,      // the last character was erased
    kCleared,     // the line was cleared
    kFull,        // the first byte past the limit: it and the ones after it are dropped
    kEnter,       // the line is finished
    kEndOfInput,  // Ctrl-D on an empty line
};

// A finished line, as take() hands it over.
struct FinishedLine {
    // Without blanks (spaces, tabs) at either end. When `overflowed`, without a character
    // the limit tore at its end, so that it is valid text to keep for editing.
    std::string_view text;
    bool overflowed = false;  // bytes typed past the limit were dropped
};

// `s` without spaces and tabs at either end.
std::string_view trim_blanks(std::string_view s);

class KioskLineEditor {
  public:
    static constexpr size_t kCapacity = kKioskInputBytes;

    KeyEffect key(uint8_t byte);
    // The line as typed so far.
    std::string_view text() const { return std::string_view(line_, length_); }
    // Hands the finished line over, copied into `out` (kCapacity bytes are enough), and
    // starts an empty one.
    FinishedLine take(hal::CharSpan out);
    // Puts a refused line back, to be fixed and sent again (at most kCapacity bytes).
    void restore(std::string_view text);

  private:
    enum class Escape : uint8_t { kNone, kStart, kSequence };

    void skip_escape(uint8_t byte);
    KeyEffect erase_last_char();
    KeyEffect insert(uint8_t byte);

    char line_[kCapacity] = {};
    size_t length_ = 0;
    bool overflow_ = false;
    Escape escape_ = Escape::kNone;
    bool last_was_cr_ = false;
};

}  // namespace firmware::apps::kiosk
