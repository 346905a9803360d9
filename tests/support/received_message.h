// ReceivedMessage: a MessageHandler that keeps the last message handed out whole — a copy
// of its fields and its text put back together from the pieces — for tests that read
// one message (GET messages/{id}). Test code only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "hal/status.h"
#include "net/parley/message.h"
#include "net/parley/message_decoder.h"
#include "tests/support/streamed_text.h"

namespace test {

class ReceivedMessage final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override { streamed.add(piece); }
    void on_message(const net::parley::Message& m) override {
        message = m;
        text = streamed.take();
        ++count;
    }
    void on_skipped(uint64_t id, hal::Status reason) override {
        streamed.drop();
        skipped_id = id;
        skip_reason = reason;
    }

    net::parley::Message message;
    std::string text;  // the last message's whole text
    StreamedText streamed;
    int count = 0;
    uint64_t skipped_id = 0;
    hal::Status skip_reason = hal::Status::kOk;
};

}  // namespace test
