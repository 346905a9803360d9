// UTF-8 checks for text a device sends and cuts: validation with a code-point count
// (the text limit counts characters, not bytes) and the longest prefix that ends on a
// character boundary. Strict RFC 3629: no overlong forms, surrogates or values past
// U+10FFFF. Pure functions over views; no state, no heap.
#pragma once

#include <cstddef>
#include <string_view>

#include "hal/result.h"

namespace net::text {

// The number of code points in `text`, or kInvalidArgument when it is not valid UTF-8.
hal::Result<size_t> count_code_points(std::string_view text);

// The length of the longest prefix of `text` that is at most `max_bytes` long and does
// not end inside a multi-byte sequence (so a cut never leaves half a character).
size_t utf8_prefix_length(std::string_view text, size_t max_bytes);

// The bytes of the control character that starts at text[at]: 1 for a C0 control
// (U+0000..U+001F) or DEL, 2 for a C1 control (U+0080..U+009F, C2 80..C2 9F), 0 when
// none starts there. What a terminal acts on instead of showing (an escape sequence
// starts with one), so text from the network is shown with these replaced.
size_t control_character_length(std::string_view text, size_t at);

// count_code_points over a text that arrives in pieces cut anywhere (a character may
// straddle two pieces; its first bytes are carried over): feed() each piece in order,
// then result(). The same answer as count_code_points over the whole text.
class Utf8Counter {
  public:
    void feed(std::string_view piece);
    // The count, or kInvalidArgument when the text is not valid UTF-8 (or ends inside a
    // character).
    hal::Result<size_t> result() const;

  private:
    size_t count_ = 0;
    bool invalid_ = false;
    char pending_[4] = {};  // the bytes of a character not yet complete
    uint8_t pending_size_ = 0;
    uint8_t need_ = 0;  // its length
};

}  // namespace net::text
