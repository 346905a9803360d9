// A page of messages (GET messages, before:, after:; docs/protocol.md §6.3, §8), and the one
// message of GET messages/{id}, decoded as the body streams in: each element of "data"
// goes through one MessageDecoder (message_decoder.h), its small fields into one scratch
// Message and its text in pieces to the caller's MessageHandler, so RAM depends neither
// on the page size nor on any message's length. An element that cannot be delivered (not
// a message) is counted and reported, and the rest of the page still decodes. Top-level
// "paging" and "agent" are captured (small) and read into the PageResult in place
// (net/json/json_raw.h);
// stickyMessage and welcomeMessage are not read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/json/json_page_splitter.h"
#include "net/parley/message.h"
#include "net/parley/message_decoder.h"
#include "net/parley/parley_config.h"
#include "net/parley/response_reader.h"
#include "net/text/bounded_text.h"

namespace net::parley {

// paging.before / paging.after: ready-made relative paths ("/messages/before:10737").
struct Paging {
    text::BoundedText<kMaxPagingPathLength> before;  // empty: no older messages
    text::BoundedText<kMaxPagingPathLength> after;
    uint64_t before_id = 0;  // the id in `before` (0 when none)
    uint64_t after_id = 0;
};

struct PageResult {
    uint32_t delivered = 0;   // handed to on_message
    uint32_t skipped = 0;     // reported to on_skipped
    uint64_t highest_id = 0;  // over delivered messages; 0 when none
    uint64_t lowest_id = 0;
    bool has_paging = false;
    Paging paging;
    bool has_agent = false;  // the page's top-level agent (typing indicator, name)
    Agent agent;
};

class MessagePageReader final : public DataHandler,
                                private json::ElementSink,
                                private MessageHandler {
  public:
    // `scratch` receives each message's fields in turn; `page` is reset here.
    MessagePageReader(Message& scratch, MessageHandler& handler, PageResult* page);

    json::ElementSink* element_sink() override { return this; }
    bool wants_member(std::string_view key) override;
    void on_member(std::string_view key, std::string_view json) override;

    // For GET messages/{id}: kOk when one message was delivered, else the reason the
    // (last) element was skipped, kCorrupt when there was none.
    hal::Status single_result() const;

  private:
    void begin_element() override { decoder_.begin(); }
    void element_bytes(std::string_view bytes) override { decoder_.feed(bytes); }
    bool parses_elements() const override { return true; }
    json::ElementProgress parse_element(std::string_view bytes) override {
        return decoder_.feed_element(bytes);
    }
    void end_element() override { decoder_.end(); }
    void on_text(std::string_view piece) override { handler_.on_text(piece); }
    void on_message(const Message& message) override;
    void on_skipped(uint64_t id, hal::Status reason) override;
    void read_paging(std::string_view json);

    MessageHandler& handler_;
    PageResult* page_;
    MessageDecoder decoder_;
    hal::Status last_skip_ = hal::Status::kCorrupt;
};

// The id in a paging path such as "/messages/before:10737" (digits after the last ':'
// or '/'), or in `raw` JSON such as `10737` or `"10737"`; 0 when there is none.
uint64_t id_from_text(std::string_view text);

// Resets a PageResult in place (it holds two paths and an agent: no temporaries).
void clear_page(PageResult* page);

}  // namespace net::parley
