// Fuzzes the messenger's page handling (firmware/messenger/messenger.h, "Incoming") with
// its invariants as the oracle. The messenger is composed as on a device, with the real
// outbox and settings store on NOR flash fakes, and stepped on a virtual clock against
// a service whose answers come from the input (FuzzService below), in one of two modes:
//  - consistent: a conversation of increasing ids with gaps, own messages among the
//    agent's, new ones arriving between steps; pages answered as the API does (the oldest
//    or the newest 50 above an id, newest first or rotated, overlapping below the id
//    asked for), transient failures (some after part of a page was handed out), a
//    "device not registered" answer, reboots on the same flash, a few outgoing messages;
//  - arbitrary: each page is whatever the input says (ids in any order, duplicates,
//    gaps, ids at or below the floor, 0 and 2^64-1, full and short pages, skipped
//    elements) and each fetch returns the id asked for, another one, an own message,
//    not found, too large or a failure.
// Oracle: the listener never receives the same id twice and receives ids in strictly
// ascending order, across reboots, and hears of no storage damage (there is none); in the
// consistent mode, once the input is used up and the service answers everything, every agent
// message above the starting point (for a first start: above the history shown) reaches the
// listener within a bounded number of steps. The service keeps to ParleyClient's contract: a fetch
// hands a message over only on kOk, a page may hand some over and then fail.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "firmware/messenger/messenger.h"
#include "tests/fuzz/fuzz_socket.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/messenger_rig.h"

namespace {

using fuzz::ByteReader;
using hal::Status;
using net::parley::Message;
using net::parley::MessageHandler;
using net::parley::MessageType;
using net::parley::PageResult;

void require(bool condition) {
    if (!condition) std::abort();
}

constexpr hal::FlashGeometry kSettingsGeometry{4096, 2, 1};
constexpr hal::FlashGeometry kOutboxGeometry{4096, 3, 1};
constexpr uint64_t kFirstId = 10000;
constexpr size_t kMaxConversation = 160;
constexpr size_t kPage = 50;
constexpr int kMaxSteps = 1500;
constexpr int kSettleSteps = 600;  // after the input is used up: time to catch up
constexpr uint8_t kHistory = 20;
constexpr uint8_t kOkBelow = 0xB0;  // a control byte below this: the call succeeds

struct Stored {
    uint64_t id;
    bool own;
};

// What the listener has been given: strictly ascending ids, so no id twice.
class Listener final : public firmware::messenger::MessengerListener {
  public:
    void on_message(const Message& m) override {
        require(m.type != MessageType::kUser && m.type != MessageType::kUserSilent);
        require(count == 0 || m.id > last);
        last = m.id;
        if (count < kMaxConversation) ids[count] = m.id;
        ++count;
    }
    // The flash fakes never fail or decay here: damage reported would be a false alarm.
    void on_storage_damage(const firmware::messenger::StorageDamage&) override { std::abort(); }
    uint64_t last = 0;
    size_t count = 0;
    uint64_t ids[kMaxConversation] = {};  // the first ones, for the consistent mode
};

class FuzzService final : public firmware::messenger::ServiceApi {
  public:
    void reset(ByteReader* input, bool arbitrary, bool after_newest, bool rotate, uint8_t overlap) {
        input_ = input;
        arbitrary_ = arbitrary;
        after_newest_ = after_newest;
        rotate_ = rotate;
        overlap_ = overlap;
        size_ = 0;
        history_floor_ = 0;
        newest_answered_ = false;
    }

    // The agent (or the device, when own) adds a message `gap` ids above the last.
    void add(uint64_t gap, bool own) {
        if (size_ == kMaxConversation) return;
        const uint64_t last = size_ == 0 ? kFirstId : conversation_[size_ - 1].id;
        conversation_[size_++] = Stored{last + gap, own};
    }
    size_t size() const { return size_; }
    const Stored& at(size_t i) const { return conversation_[i]; }
    // A first start: the history the first page showed starts above this id.
    uint64_t history_floor() const { return history_floor_; }
    bool newest_answered() const { return newest_answered_; }

    Status subscribe(hal::Millis) override { return outcome(input_->next(0)); }

    hal::Result<uint64_t> send(const firmware::outbox::Entry&, hal::Millis) override {
        const uint8_t control = input_->next(0);
        if (control >= kOkBelow) return outcome(control);
        (void)outcome(0);
        if (arbitrary_) return read_id(kFirstId);
        add(1 + (control & 3), true);
        return conversation_[size_ - 1].id;
    }

    Status newest_messages(MessageHandler& handler, PageResult* page, hal::Millis) override {
        *page = PageResult{};
        const uint8_t control = input_->next(0);
        if (arbitrary_) return arbitrary_page(handler, page, 0, control);
        const size_t take = size_ < kPage ? size_ : kPage;
        const Status status = hand_out(size_ - take, size_, 0, handler, page, control);
        if (status == Status::kOk) {
            newest_answered_ = true;  // the last one counts (a reboot may ask again)
            note_history(size_ - take);
        }
        return status;
    }

    Status messages_after(uint64_t id, MessageHandler& handler, PageResult* page,
                          hal::Millis) override {
        *page = PageResult{};
        const uint8_t control = input_->next(0);
        if (arbitrary_) return arbitrary_page(handler, page, id, control);
        const size_t above = first_above(id);
        const size_t count = size_ - above;
        const size_t take = count < kPage ? count : kPage;
        const size_t begin = after_newest_ ? size_ - take : above;
        return hand_out(begin, begin + take, overlap_, handler, page, control);
    }

    Status messages_before(uint64_t id, MessageHandler& handler, PageResult* page,
                           hal::Millis) override {
        *page = PageResult{};
        const uint8_t control = input_->next(0);
        if (arbitrary_) return arbitrary_page(handler, page, id, control);
        size_t end = first_above(id);
        if (end > 0 && conversation_[end - 1].id == id) --end;
        const size_t begin = end < kPage ? 0 : end - kPage;
        return hand_out(begin, end, 0, handler, page, control);
    }

    Status message(uint64_t id, MessageHandler& handler, hal::Millis) override {
        const uint8_t control = input_->next(0);
        if (control >= kOkBelow) return outcome(control);
        if (arbitrary_) return arbitrary_message(id, handler, control);
        const size_t at = first_above(id - 1);
        if (at == size_ || conversation_[at].id != id) {
            (void)outcome(0);
            error_.kind = Status::kNotFound;
            error_.http_status = 404;
            return Status::kNotFound;
        }
        deliver(conversation_[at], handler);
        return outcome(0);
    }

    Status typing(bool, hal::Millis) override { return outcome(input_->next(0)); }
    const net::parley::ApiError& last_error() const override { return error_; }

  private:
    // Below kOkBelow: success. Else a failure the messenger retries, told the way
    // ParleyClient tells it (ApiError), or a kind that stops it (arbitrary mode only).
    Status outcome(uint8_t control) {
        error_ = net::parley::ApiError{};
        if (control < kOkBelow) {
            error_.http_status = 200;
            return Status::kOk;
        }
        static constexpr Status kTransient[] = {
            Status::kTimeout,      Status::kNetworkError,       Status::kOutcomeUnknown,
            Status::kRetryLater,   Status::kServiceError,       Status::kCorrupt,
            Status::kTokenInvalid, Status::kFailedPrecondition,
        };
        Status status = kTransient[control & 7];
        if (arbitrary_ && (control & 0x0F) == 0x0F) status = Status::kBadCredentials;
        error_.kind = status;
        if (status == Status::kRetryLater) {
            error_.http_status = 503;
            error_.retry_after_s = (control >> 4) & 3;
        } else if (status == Status::kFailedPrecondition) {
            error_.http_status = 400;
            error_.set_error_string("device_not_registered");
        } else if (status == Status::kServiceError || status == Status::kTokenInvalid) {
            error_.http_status = 500;
        }
        return status;
    }

    // The index of the first message above `id`.
    size_t first_above(uint64_t id) const {
        size_t at = 0;
        while (at < size_ && conversation_[at].id <= id)
            ++at;
        return at;
    }

    void note_history(size_t begin) {
        // PageIds keeps the newest kHistory agent messages of the page: the ones below
        // them are passed on purpose.
        size_t kept = 0;
        history_floor_ = size_ > 0 ? conversation_[size_ - 1].id : 0;
        for (size_t i = size_; i > begin && kept < kHistory; --i) {
            if (conversation_[i - 1].own) continue;
            history_floor_ = conversation_[i - 1].id - 1;
            ++kept;
        }
    }

    static void deliver(const Stored& stored, MessageHandler& handler) {
        static Message m;
        m.id = stored.id;
        m.type = stored.own ? MessageType::kUser : MessageType::kAgent;
        m.type_id = static_cast<uint8_t>(m.type);
        m.has_text = false;
        handler.on_message(m);
    }

    static void count(PageResult* page, uint64_t id) {
        ++page->delivered;
        if (page->highest_id < id) page->highest_id = id;
        if (page->lowest_id == 0 || page->lowest_id > id) page->lowest_id = id;
    }

    // conversation_[begin, end) as a page (newest first, or rotated), with `extra`
    // messages below begin repeated; a failing control byte hands out part of it first.
    Status hand_out(size_t begin, size_t end, size_t extra, MessageHandler& handler,
                    PageResult* page, uint8_t control) {
        const size_t from = begin < extra ? 0 : begin - extra;
        const size_t n = end - from;
        const size_t limit = control >= kOkBelow ? (control >> 4) & 3 : n;
        const size_t shift = rotate_ && n > 0 ? input_->next(0) % n : 0;
        for (size_t k = 0; k < n && k < limit; ++k) {
            const Stored& stored = conversation_[end - 1 - (k + shift) % n];
            deliver(stored, handler);
            count(page, stored.id);
        }
        return outcome(control);
    }

    uint64_t read_id(uint64_t near) {
        const uint8_t how = input_->next(0);
        const uint64_t delta = input_->next(0);
        switch (how & 3) {
            case 0:
                return near + delta;
            case 1:
                return near - delta;
            case 2:
                return (how & 4) != 0 ? UINT64_MAX - delta : delta;
            default: {
                uint64_t id = delta;
                for (int i = 0; i < 7; ++i)
                    id = id << 8 | input_->next(0);
                return id;
            }
        }
    }

    Status arbitrary_page(MessageHandler& handler, PageResult* page, uint64_t near,
                          uint8_t control) {
        const uint8_t shape = input_->next(0);
        const size_t n = (shape & 0x80) != 0 ? kPage : shape % (kPage + 1);
        uint64_t previous = near;
        for (size_t k = 0; k < n && !input_->empty(); ++k) {
            const uint8_t kind = input_->next(0);
            const uint64_t id = (kind & 0x30) == 0x30 ? previous : read_id(near);
            previous = id;
            if ((kind & 0xC0) == 0xC0) {
                handler.on_skipped(id, Status::kTooLarge);
                ++page->skipped;
                continue;
            }
            deliver(Stored{id, (kind & 0x0C) == 0x0C}, handler);
            count(page, id);
        }
        if ((shape & 0x40) != 0) {
            page->has_agent = true;
            page->agent.is_typing = (shape & 0x20) != 0;
        }
        return outcome(control);
    }

    Status arbitrary_message(uint64_t id, MessageHandler& handler, uint8_t control) {
        switch (control & 7) {
            case 0:
            case 1:
            case 2:
                deliver(Stored{id, false}, handler);
                return outcome(0);
            case 3:
                deliver(Stored{id, true}, handler);
                return outcome(0);
            case 4:
                deliver(Stored{read_id(id), false}, handler);
                return outcome(0);
            case 5:
                handler.on_skipped(id, Status::kTooLarge);
                (void)outcome(0);
                return Status::kTooLarge;
            default:
                (void)outcome(0);
                return Status::kNotFound;
        }
    }

    ByteReader* input_ = nullptr;
    bool arbitrary_ = false;
    bool after_newest_ = false;
    bool rotate_ = false;
    uint8_t overlap_ = 0;
    Stored conversation_[kMaxConversation] = {};
    size_t size_ = 0;
    uint64_t history_floor_ = 0;
    bool newest_answered_ = false;
    net::parley::ApiError error_;
};

// One boot: mounts both stores and starts a messenger over them (a first boot may put
// a last id seen into the settings before the start). Kept in static storage and built
// in place: no large allocation per input.
struct Device : test::MessengerRig {
    Device(test::DeviceFlash& flash, test::FakeClock& clock, FuzzService& service,
           Listener& listener, uint64_t last_seen = 0)
        : MessengerRig(flash, clock, service, listener, {9, 5}) {
        require(mount() == Status::kOk);
        if (last_seen != 0) require(settings.write_last_message_id(last_seen) == Status::kOk);
        firmware::messenger::MessengerConfig config = test::rig_config(0xC0FFEE);
        config.history_messages = kHistory;
        start(config);
    }
};

// One step at the clock's time, then the clock to when the next one is due.
void step(firmware::messenger::Messenger& messenger, test::FakeClock& clock) {
    const hal::Millis now = clock.now_ms();
    const hal::Millis next = messenger.step(now);
    clock.set_now(hal::later_of(clock.now_ms(), next));
    clock.advance(1);
}

// Every agent message above `floor`, and nothing else, has reached the listener.
bool all_delivered(const FuzzService& service, uint64_t floor, const Listener& listener) {
    size_t expected = 0;
    for (size_t i = 0; i < service.size(); ++i) {
        const Stored& stored = service.at(i);
        if (stored.own || stored.id <= floor) continue;
        if (expected >= listener.count || listener.ids[expected] != stored.id) return false;
        ++expected;
    }
    return listener.count == expected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool crypto_ready = store_test::init_crypto() == Status::kOk;
    require(crypto_ready);
    if (size < 2) return 0;
    const uint8_t options = data[0];
    const bool arbitrary = (options & 0x01) != 0;
    const bool first_start = (options & 0x02) != 0;
    ByteReader input(hal::ConstByteSpan(data + 2, size - 2));

    // Smaller parts than the device suites': quicker mounts per input.
    static test::DeviceFlash flash(kSettingsGeometry, kOutboxGeometry);
    static FuzzService service;
    flash.reset();
    service.reset(&input, arbitrary, (options & 0x04) != 0, (options & 0x80) != 0,
                  (options >> 5) & 3);
    test::FakeClock clock(0xFFFF0000u, 1'800'000'000);  // the counter wraps on the way
    Listener listener;

    // The conversation so far; the device has seen it up to `start_id` (not on a first
    // start). One byte per message: the gap to the previous id and whose it is.
    const size_t initial = data[1] % (kMaxConversation - 20);
    for (size_t i = 0; i < initial; ++i) {
        const uint8_t b = input.next(0);
        service.add(1 + (b & 7), (b & 0x30) == 0x30);
    }
    uint64_t start_id = kFirstId;
    if (!first_start && initial > 0) start_id = service.at(input.next(0) % initial).id;
    static std::optional<Device> device;
    device.reset();
    device.emplace(flash, clock, service, listener, first_start ? 0 : start_id);
    for (int i = 0; i < ((options >> 3) & 3); ++i) {
        const char text[] = {'m', static_cast<char>('0' + i), '\0'};
        require(device->messenger->send_text(text).ok());
    }

    // While the input lasts: before each step, maybe new messages or a reboot.
    for (int i = 0; i < kMaxSteps && !input.empty(); ++i) {
        const uint8_t event = input.next(0xFF);
        if ((event & 0xF0) == 0) {
            for (int k = 0; k <= (event & 7); ++k) {
                const uint8_t b = input.next(0);
                service.add(1 + (b & 7), (b & 0x30) == 0x30);
            }
        } else if (event == 0x10) {
            device.reset();
            device.emplace(flash, clock, service, listener);
        }
        step(*device->messenger, clock);
    }
    if (arbitrary) return 0;

    // The service now answers everything: every agent message above the starting point
    // arrives, and nothing twice (the listener checks each one).
    // A first start: the history shown starts where the last newest page said.
    const auto done = [&] {
        if (service.newest_answered() != first_start) return false;
        return all_delivered(service, first_start ? service.history_floor() : start_id, listener);
    };
    for (int i = 0; i < kSettleSteps && (i % 8 != 0 || !done()); ++i)
        step(*device->messenger, clock);
    require(done());
    return 0;
}
