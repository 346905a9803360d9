// `parley-ticket history [N]`: the last N messages of the device's conversation, the
// device's own among them, oldest first. A look, not a delivery: it reads with GET
// requests only (the newest page, then messages/before:{id} pages until N are known or
// there are no older ones), marks nothing read or delivered, leaves the messenger's last
// id seen alone and sends nothing queued. Host-only (std::string, std::map): the
// messages of up to kMaxHistoryCount / 50 + 1 pages are held while they are read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/messenger/service_api.h"
#include "hal/clock.h"
#include "hal/status.h"
#include "net/parley/message.h"
#include "net/parley/message_decoder.h"

namespace boards::host {

constexpr size_t kDefaultHistoryCount = 10;
constexpr size_t kMaxHistoryCount = 1000;  // 20 pages of 50

// `history [N]` (args[0] is "history"): N a whole number from 1 to kMaxHistoryCount,
// kDefaultHistoryCount when absent. False with a message for the user otherwise.
bool parse_history_args(const std::vector<std::string>& args, size_t* count, std::string* error);

// Who wrote a message, as the history shows it: "You" for the device's own (typeId 1
// and 4), otherwise as replies are shown (the agent's name, "System", "Service desk").
std::string history_author(const net::parley::Message& message);

// Takes the messages of any number of pages, in any order: each kept once (by id) with
// the lines the history prints for it ("Alice (2026-12-05 14:03): text", quick replies
// and buttons under it).
class HistoryCollector final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override { text_ += piece; }
    void on_message(const net::parley::Message& message) override;
    void on_skipped(uint64_t id, hal::Status reason) override;

    size_t size() const { return lines_.size(); }
    uint64_t lowest_id() const { return lines_.empty() ? 0 : lines_.begin()->first; }
    // Elements of the pages that did not decode as messages (not shown).
    uint32_t skipped() const { return skipped_; }
    // The lines of the newest `count` messages, oldest first.
    std::string newest(size_t count) const;

  private:
    std::map<uint64_t, std::string> lines_;  // by id: ascending, no id twice
    std::string text_;                       // the text of the message being decoded
    uint32_t skipped_ = 0;
};

// Reads the conversation into `collector` until it holds `count` messages or the service
// has no older ones: the newest page, then before:{lowest id so far} while the last page
// was full and went lower. Each page is one request bounded by `timeout_ms`, not retried.
// A device the service does not know (device_not_registered) has no conversation: kOk with
// nothing collected. Otherwise the first failing request's status (api.last_error() has
// the service's answer).
hal::Status read_history(firmware::messenger::ServiceApi& api, hal::Clock& clock,
                         hal::Millis timeout_ms, size_t count, HistoryCollector& collector);

}  // namespace boards::host
