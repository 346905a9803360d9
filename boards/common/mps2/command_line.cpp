#include "boards/common/mps2/command_line.h"

#include "boards/common/mps2/semihosting.h"

namespace boards::mps2_an386 {

void CommandLine::load() {
    length_ = semihost::command_line(hal::CharSpan(text_));
    // Words become NUL-terminated strings in place.
    for (size_t i = 0; i < length_; ++i) {
        if (text_[i] == ' ') text_[i] = '\0';
    }
}

const char* CommandLine::value(std::string_view key) const {
    size_t start = 0;
    while (start < length_) {
        const std::string_view word(text_ + start);
        // No string_view::compare(pos, ...): its range check links libstdc++'s throw helpers.
        if (word.size() > key.size() && std::string_view(word.data(), key.size()) == key &&
            word[key.size()] == '=') {
            return text_ + start + key.size() + 1;
        }
        start += word.size() + 1;
    }
    return nullptr;
}

}  // namespace boards::mps2_an386
