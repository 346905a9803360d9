// A page of messages (GET messages, before:, after:; docs/protocol.md §6.3, §8) decoded one
// element at a time: each element of "data" is decoded into one scratch Message and
// handed to the caller's MessageHandler, so RAM does not depend on the page size.
// An element that cannot be delivered (too large, not a message) is counted and
// reported, and the rest of the page still decodes. Top-level "paging" and "agent" are
// read into the PageResult; stickyMessage and welcomeMessage are not read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/json/json_document.h"
#include "net/parley/message.h"
#include "net/parley/parley_config.h"
#include "net/parley/response_reader.h"
#include "net/text/bounded_text.h"

namespace net::parley {

class MessageHandler {
  public:
    // One decoded message; the reference is valid during the call only.
    virtual void on_message(const Message& message) = 0;
    // An element that was not delivered: kTooLarge (over the capture buffer),
    // kOutOfMemory (over the JSON arena), kCorrupt (not a message object) or kTooLarge
    // for nesting. `id` is the element's id when it could be recovered, else 0.
    virtual void on_skipped(uint64_t /*id*/, hal::Status /*reason*/) {}

  protected:
    ~MessageHandler() = default;
};

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

class MessagePageReader final : public DataHandler {
  public:
    // `scratch` receives each message in turn; `page` is reset here.
    MessagePageReader(json::JsonDocument& doc, Message& scratch, MessageHandler& handler,
                      PageResult* page);

    void on_element(std::string_view json) override;
    void on_oversize_element(std::string_view prefix, uint64_t size) override;
    bool wants_member(std::string_view key) override;
    void on_member(std::string_view key, std::string_view json) override;

  private:
    void deliver();
    void skip(uint64_t id, hal::Status reason);
    void read_paging(std::string_view json);

    json::JsonDocument& doc_;
    Message& scratch_;
    MessageHandler& handler_;
    PageResult* page_;
};

// The id in a paging path such as "/messages/before:10737" (digits after the last ':'
// or '/'), or in `raw` JSON such as `10737` or `"10737"`; 0 when there is none.
uint64_t id_from_text(std::string_view text);

// Resets a PageResult in place (it holds two paths and an agent: no temporaries).
void clear_page(PageResult* page);

}  // namespace net::parley
