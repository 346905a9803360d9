// The ticket app (board-independent): a machine that detects a fault opens a ticket
// with the service desk — a text with the device's facts and an optional attachment —
// and waits up to a timeout for the first reply. It runs the messenger until the ticket
// is confirmed and a reply arrived (or time ran out, or a failure stops it). What it
// does is reported through a TicketConsole; the board provides idling (sleep, or pump
// the network stack) through a TicketIdle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/ticket/ticket_config.h"  // kMaxTicketTextBytes, ...
#include "firmware/messenger/messenger.h"
#include "hal/result.h"
#include "hal/span.h"

namespace firmware::apps::ticket {

// What the ticket says about the device.
struct DeviceFacts {
    std::string_view device_id;
    std::string_view firmware_version;
    std::string_view fault_code;
    uint32_t uptime_s = 0;
    std::string_view description;  // optional free text from the operator or the fault
};

// "Fault report E42 ..." into `out`; kBufferTooSmall when it does not fit.
hal::Result<size_t> compose_ticket(const DeviceFacts& facts, hal::CharSpan out);

// Where the app reports what happens (a serial console, stdout).
class TicketConsole {
  public:
    virtual void ticket_accepted(uint32_t sequence) = 0;
    virtual void ticket_sent(uint64_t server_id) = 0;
    // A reply's text in pieces as it arrives (any length), then the reply itself; or,
    // when the text did not arrive whole, reply_dropped (it will come again).
    virtual void reply_text(std::string_view /*piece*/) {}
    virtual void reply(const net::parley::Message& message) = 0;
    virtual void reply_dropped() {}
    virtual void link(firmware::messenger::LinkState state, hal::Status cause) = 0;
    virtual void failed(hal::Status status, std::string_view detail) = 0;
    // The flash was found damaged (MessengerListener::on_storage_damage).
    virtual void storage_damaged(const firmware::messenger::StorageDamage& /*damage*/) {}

  protected:
    ~TicketConsole() = default;
};

// How the board waits for the next step: sleep on a host, pump lwIP on a board.
class TicketIdle {
  public:
    virtual void idle_until(hal::Millis deadline) = 0;

  protected:
    ~TicketIdle() = default;
};

// An attachment the board can upload before the ticket goes out (a log file, a photo).
class TicketAttachment {
  public:
    // Uploads the file; the media id (valid until the next call of the API client).
    virtual hal::Result<std::string_view> upload(hal::Millis deadline) = 0;
    virtual std::string_view description() const = 0;

  protected:
    ~TicketAttachment() = default;
};

enum class TicketOutcome : uint8_t {
    kReplied,  // the ticket is with the service desk and a reply arrived
    kSent,     // the ticket is with the service desk; no reply within the timeout
    kQueued,   // the ticket is in the outbox, not yet confirmed (it will go out later)
    kFailed,   // the ticket could not be accepted, or sending stopped for good
};
const char* to_string(TicketOutcome outcome);
// Process exit codes: replied 0, sent 10, queued 11, failed 1.
int exit_code(TicketOutcome outcome);

struct TicketConfig {
    // How long to wait for a reply: from the send, and again from each reply.
    hal::Millis reply_timeout_ms = 120000;
    hal::Millis send_timeout_ms = 300000;  // how long to try to get the ticket out
    uint32_t replies = 1;  // replies to wait for (each printed) before the outcome is kReplied
};

// Drives one ticket. The app is the messenger's listener: construct the messenger with
// it (TicketApp::listener()).
class TicketApp final : public firmware::messenger::MessengerListener {
  public:
    TicketApp(TicketConsole& console, TicketIdle& idle, hal::Clock& clock)
        : console_(console), idle_(idle), clock_(clock) {}

    // Composes and accepts the ticket into the outbox (after uploading the attachment,
    // when there is one), then runs the messenger until an outcome.
    TicketOutcome run(firmware::messenger::Messenger& messenger, const DeviceFacts& facts,
                      TicketAttachment* attachment, const TicketConfig& config);

    void on_message_text(std::string_view piece) override;
    void on_message(const net::parley::Message& message) override;
    void on_message_text_dropped() override;
    void on_sent(uint32_t sequence, uint64_t server_id) override;
    void on_rejected(uint32_t sequence, hal::Status why, std::string_view error) override;
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override {
        console_.link(state, cause);
    }
    void on_storage_damage(const firmware::messenger::StorageDamage& damage) override {
        console_.storage_damaged(damage);
    }

  private:
    hal::Status accept(firmware::messenger::Messenger& messenger, const DeviceFacts& facts,
                       TicketAttachment* attachment, hal::Millis deadline);
    // Uploads the attachment and queues it after the ticket text, once the device is
    // subscribed; a failure is reported and the ticket goes out without it.
    void attach(firmware::messenger::Messenger& messenger, TicketAttachment& attachment,
                hal::Millis deadline);
    // Steps the messenger until the device is subscribed: kOk, kTimeout at the deadline,
    // or the status that stopped the link.
    hal::Status until_subscribed(firmware::messenger::Messenger& messenger, hal::Millis deadline);
    TicketOutcome wait(firmware::messenger::Messenger& messenger, const TicketConfig& config);
    TicketOutcome outcome_now(const firmware::messenger::Messenger& messenger) const;

    TicketConsole& console_;
    TicketIdle& idle_;
    hal::Clock& clock_;
    uint32_t sequence_ = 0;
    bool sent_ = false;
    bool replied_ = false;  // replies_wanted_ replies arrived
    uint32_t replies_seen_ = 0;
    uint32_t replies_wanted_ = 1;
    bool rejected_ = false;
};

}  // namespace firmware::apps::ticket
