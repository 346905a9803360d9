// Fuzzes the streaming message decoder on one element: the input is decoded whole and
// again cut into fragments whose sizes the first byte chooses. Invariants: every text
// piece is non-empty valid UTF-8 and the pieces add up to text_bytes; a decoded Message
// is well formed; the outcome (delivered or skipped, why, the id, the text's CRC and
// length) does not depend on the fragmentation. The agent decoder and the raw member
// lookup run beside it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hal/crc32.h"
#include "net/json/json_member_lookup.h"
#include "net/parley/message_decoder.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_workspace.h"
#include "net/text/utf8.h"
#include "tests/parley/message_checks.h"

namespace {

net::parley::ParleyWorkspace g_work;

struct Outcome {
    bool delivered = false;
    hal::Status reason = hal::Status::kOk;
    uint64_t id = 0;
    uint32_t text_crc = 0;
    size_t text_bytes = 0;
    uint64_t fields = 0;  // a digest of the small fields
    bool operator==(const Outcome& o) const {
        return delivered == o.delivered && reason == o.reason && id == o.id &&
               text_crc == o.text_crc && text_bytes == o.text_bytes && fields == o.fields;
    }
};

class Checker final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override {
        if (piece.empty() || !net::text::count_code_points(piece).ok()) std::abort();
        outcome.text_crc = hal::crc32(hal::as_bytes(piece), outcome.text_crc);
        outcome.text_bytes += piece.size();
    }
    void on_message(const net::parley::Message& m) override {
        parley_test::check_message(m);
        if (m.text_bytes != outcome.text_bytes || outcome.delivered) std::abort();
        outcome.delivered = true;
        outcome.id = m.id;
        outcome.fields = static_cast<uint64_t>(m.time) * 31 + m.type_id + m.title.length * 7 +
                         m.agent.name.length * 11 + m.button_count * 13 + m.quick_reply_count * 17 +
                         m.carousel_count * 19 + m.media.id.length;
        for (size_t i = 0; i < m.kept_carousel_items(); ++i)
            outcome.fields += m.carousel[i].title.length * 23 + m.carousel[i].text.length;
        for (uint8_t i = 0; i < m.button_count; ++i) {
            // A button names an item that is kept, or none.
            if (m.buttons[i].item > m.kept_carousel_items()) std::abort();
            outcome.fields += m.buttons[i].item * 29;
        }
    }
    void on_skipped(uint64_t id, hal::Status reason) override {
        if (reason != hal::Status::kCorrupt && reason != hal::Status::kTooLarge) std::abort();
        outcome.reason = reason;
        outcome.id = id;
        outcome.text_crc = 0;  // the pieces are void
        outcome.text_bytes = 0;
    }
    Outcome outcome;
};

Outcome decode(std::string_view json, size_t piece) {
    Checker checker;
    net::parley::MessageDecoder decoder(g_work.message, checker);
    decoder.begin();
    for (size_t at = 0; at < json.size(); at += piece)
        decoder.feed(json.substr(at, piece));
    decoder.end();
    if (!checker.outcome.delivered && checker.outcome.reason == hal::Status::kOk) std::abort();
    return checker.outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 17;
    const std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
    const Outcome whole = decode(json, json.size() + 1);
    const Outcome cut = decode(json, piece);
    if (!(whole == cut)) std::abort();

    const hal::Result<std::string_view> id = net::json::find_member(json, "id");
    if (id.ok()) {
        const std::string_view found = id.value();
        if (found.empty() || found.data() < json.data() ||
            found.data() + found.size() > json.data() + json.size()) {
            std::abort();
        }
        (void)net::parley::id_from_text(found);
    }
    net::parley::Agent agent;
    (void)net::parley::decode_agent(json, &agent);
    return 0;
}
