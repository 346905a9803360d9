// Shared pieces of the net/parley suites: canned HTTP answers and envelopes, message
// JSON builders, a fake token provider, a recording log, message collectors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hal/log.h"
#include "net/parley/access_token_provider.h"
#include "net/parley/message_page.h"
#include "tests/support/streamed_text.h"

namespace parley_test {

inline std::string http_response(int status, const std::string& body,
                                 const std::string& extra_headers = "") {
    return "HTTP/1.1 " + std::to_string(status) +
           " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

inline std::string success(const std::string& data) {
    return R"({"data":)" + data + R"(,"notifications":[],"status":"SUCCESS",)" +
           R"("metadata":{"values":{},"method":"get","duration":0.01}})";
}

inline std::string failure(const std::string& error) {
    return R"({"notifications":[{"type":"error","message":")" + error +
           R"("}],"status":"ERROR","metadata":{"values":[],"method":"post","duration":0.02}})";
}

// A message element with `text_length` characters of text (ASCII, with quotes and a
// newline escaped every 50 characters, as a service would send prose).
inline std::string message_json(uint64_t id, size_t text_length = 5, int type_id = 2) {
    std::string text;
    text.reserve(text_length + text_length / 10);
    for (size_t i = 0; i < text_length; ++i) {
        if (i % 50 == 49) {
            text += (i % 100 == 99) ? "\\n" : "\\\"";
        } else {
            text += static_cast<char>('a' + i % 26);
        }
    }
    return R"({"id":)" + std::to_string(id) + R"(,"time":1700000000,"message":")" + text +
           R"(","typeId":)" + std::to_string(type_id) +
           R"(,"agent":{"id":7,"name":"Anna","avatar":"https://x/a.png","isTyping":false},)" +
           R"("title":null,"media":null,"image":null,"buttons":[],"quickReplies":[],)" +
           R"("carousel":[],"status":3})";
}

inline std::string page_json(
    const std::vector<std::string>& elements,
    const std::string& paging = R"({"before":"/messages/before:1","after":"/messages/after:9"})") {
    std::string data = "[";
    for (size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) data += ",";
        data += elements[i];
    }
    data += "]";
    return R"({"data":)" + data + R"(,"paging":)" + paging +
           R"(,"notifications":[],"status":"SUCCESS"})";
}

class FakeTokens final : public net::parley::AccessTokenProvider {
  public:
    hal::Result<std::string_view> access_token(hal::Millis) override {
        ++asked;
        if (failure != hal::Status::kOk) return failure;
        return std::string_view(tokens.at(current < tokens.size() ? current : tokens.size() - 1));
    }
    void token_refused() override {
        ++refused;
        ++current;
    }
    void token_accepted() override { ++accepted; }

    std::vector<std::string> tokens{"tok-ONE-secret", "tok-TWO-secret", "tok-THREE-secret"};
    size_t current = 0;
    int asked = 0;
    int refused = 0;
    int accepted = 0;
    hal::Status failure = hal::Status::kOk;
};

class RecordingLog final : public hal::Log {
  public:
    void write(hal::LogLevel, std::string_view module, std::string_view message) override {
        lines.push_back(std::string(module) + ": " + std::string(message));
    }
    bool mentions(const std::string& text) const {
        for (const std::string& line : lines) {
            if (line.find(text) != std::string::npos) return true;
        }
        return false;
    }
    std::vector<std::string> lines;
};

// Keeps what it is given (allocates: not for AllocGuard tests).
class CollectingHandler final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override { text.add(piece); }
    void on_message(const net::parley::Message& m) override {
        ids.push_back(m.id);
        texts.push_back(text.take());
    }
    test::StreamedText text;  // the message arriving
    void on_skipped(uint64_t id, hal::Status reason) override {
        text.drop();
        skipped_ids.push_back(id);
        reasons.push_back(reason);
    }
    std::vector<uint64_t> ids;
    std::vector<std::string> texts;
    std::vector<uint64_t> skipped_ids;
    std::vector<hal::Status> reasons;
};

// Counts without allocating.
class CountingHandler final : public net::parley::MessageHandler {
  public:
    void on_message(const net::parley::Message& m) override {
        ++messages;
        text_bytes += m.text_bytes;
        last_id = m.id;
    }
    void on_skipped(uint64_t, hal::Status) override { ++skipped; }
    uint32_t messages = 0;
    uint32_t skipped = 0;
    uint64_t text_bytes = 0;
    uint64_t last_id = 0;
};

}  // namespace parley_test
