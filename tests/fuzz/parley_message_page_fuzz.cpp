// Fuzzes the streamed message-list reader (splitter + envelope + page decoder) with an
// arbitrary body cut into input-chosen fragments. Invariants: every delivered Message
// is well formed, every element is either delivered or reported, and the outcome does
// not depend on how the body was fragmented.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hal/crc32.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_workspace.h"
#include "net/parley/response_reader.h"
#include "net/text/utf8.h"
#include "tests/parley/message_checks.h"

namespace {

net::parley::ParleyWorkspace g_work;
net::parley::PageResult g_page;

class Checker final : public net::parley::MessageHandler {
  public:
    // Every piece is non-empty valid UTF-8 (so it never ends inside a character); the
    // text's CRC and length do not depend on where the body was cut.
    void on_text(std::string_view piece) override {
        if (piece.empty() || !net::text::count_code_points(piece).ok()) std::abort();
        text_crc = hal::crc32(hal::as_bytes(piece), text_crc);
        text_bytes += piece.size();
    }
    void on_message(const net::parley::Message& m) override {
        parley_test::check_message(m);
        if (m.text_bytes != text_bytes) std::abort();
        digest = digest * 1000003u + m.id + m.text_bytes + text_crc;
        text_crc = 0;
        text_bytes = 0;
        ++messages;
    }
    void on_skipped(uint64_t id, hal::Status reason) override {
        text_crc = 0;
        text_bytes = 0;
        const bool known = reason == hal::Status::kTooLarge || reason == hal::Status::kCorrupt ||
                           reason == hal::Status::kOutOfMemory;
        if (!known) std::abort();
        digest = digest * 1000003u + id + 7;
        ++skipped;
    }
    uint64_t digest = 0;
    uint32_t text_crc = 0;
    size_t text_bytes = 0;
    uint32_t messages = 0;
    uint32_t skipped = 0;
};

struct Outcome {
    hal::Status status;
    uint64_t digest;
    uint32_t messages;
    uint32_t skipped;
    bool status_error;
};

// Feeds `body` in pieces whose sizes come from `sizes` (cycled), or whole when empty.
Outcome run(std::string_view body, std::string_view sizes) {
    Checker checker;
    net::parley::MessagePageReader page(g_work.message, checker, &g_page);
    net::parley::ResponseReader reader(g_work.capture(), &page);
    size_t turn = 0;
    for (size_t at = 0; at < body.size();) {
        size_t piece = body.size();
        if (!sizes.empty()) piece = 1 + static_cast<uint8_t>(sizes[turn++ % sizes.size()]);
        reader.feed(body.substr(at, piece));
        at += piece;
    }
    if (g_page.delivered != checker.messages || g_page.skipped != checker.skipped) std::abort();
    if (g_page.delivered + g_page.skipped != reader.elements_seen()) std::abort();
    if (reader.error().size() > net::parley::kMaxErrorStringLength) std::abort();
    return Outcome{reader.finish(), checker.digest, checker.messages, checker.skipped,
                   reader.status_error()};
}

}  // namespace

// Input: one byte N, then N bytes of fragment sizes, then the body.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const size_t n = static_cast<uint8_t>(input[0]) % 16;
    if (size < 1 + n) return 0;
    const std::string_view sizes = input.substr(1, n);
    const std::string_view body = input.substr(1 + n);
    const Outcome whole = run(body, std::string_view());
    const Outcome pieces = run(body, sizes.empty() ? std::string_view("\0", 1) : sizes);
    const bool same = whole.status == pieces.status && whole.digest == pieces.digest &&
                      whole.messages == pieces.messages && whole.skipped == pieces.skipped &&
                      whole.status_error == pieces.status_error;
    if (!same) std::abort();
    return 0;
}
