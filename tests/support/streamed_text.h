// StreamedText: a received message's text put back together from the pieces the
// messenger or the API client streams (MessengerListener::on_message_text,
// MessageHandler::on_text), for tests that check whole texts. Test code only: it grows.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace test {

class StreamedText {
  public:
    void add(std::string_view piece) {
        text_ += piece;
        ++pieces;
    }
    // The text so far, and a fresh start for the next message.
    std::string take() {
        std::string text = std::move(text_);
        text_.clear();
        return text;
    }
    // The pieces so far were declared void.
    void drop() {
        text_.clear();
        ++dropped;
    }
    std::string_view pending() const { return text_; }

    size_t pieces = 0;   // every piece seen
    size_t dropped = 0;  // times pieces were declared void

  private:
    std::string text_;
};

}  // namespace test
