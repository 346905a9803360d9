// FakeService: the messenger's ServiceApi as a scripted in-memory service desk. It keeps
// a conversation (ids increasing), answers messages_after like the simulator (oldest 50
// above the id) or, with after_newest, with the newest 50 above it (the API is silent on
// which), and fails calls on demand — including "stored it, then the connection
// dropped" (kOutcomeUnknown after storing), the case reconciliation exists for.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware/messenger/service_api.h"
#include "tests/support/fake_clock.h"

namespace messenger_test {

struct Stored {
    uint64_t id;
    uint8_t type_id;
    int64_t time;
    std::string text;
};

struct Failure {
    hal::Status status = hal::Status::kOk;
    uint16_t http_status = 0;
    std::string error;
    int64_t retry_after_s = -1;
    bool store_first = false;  // for send: the message is stored, then the call fails
    // For send with store_first: the service stores it this long after the call failed
    // (it was still working on the request when the client gave up).
    hal::Millis store_after_ms = 0;
    // For message: half the text is handed out, then the call fails (the connection
    // dropped in the middle of the body).
    bool midway = false;
};

class FakeService final : public firmware::messenger::ServiceApi {
  public:
    hal::Status subscribe(hal::Millis) override {
        ++subscribes;
        return outcome(next(subscribe_failures));
    }
    hal::Result<uint64_t> send(const firmware::outbox::Entry& entry, hal::Millis) override;
    hal::Status newest_messages(net::parley::MessageHandler& handler, net::parley::PageResult* page,
                                hal::Millis) override;
    hal::Status messages_after(uint64_t id, net::parley::MessageHandler& handler,
                               net::parley::PageResult* page, hal::Millis) override;
    hal::Status messages_before(uint64_t id, net::parley::MessageHandler& handler,
                                net::parley::PageResult* page, hal::Millis) override;
    hal::Status message(uint64_t id, net::parley::MessageHandler& handler, hal::Millis) override;
    hal::Status typing(bool start, hal::Millis) override {
        typing_events.push_back(start);
        return outcome(Failure{});
    }
    // PUT messages/status/{N}: recorded in `marks`, statuses raised (never lowered).
    hal::Status mark(net::parley::DeliveryStatus status, hal::Span<const uint64_t> ids,
                     hal::Millis) override;
    // GET messages/unseen/count: the messages not the user's, not yet read (4).
    hal::Status unseen_count(net::parley::UnseenCount* out, hal::Millis) override;
    // GET media: the file named by the media's filename (or the legacy image path) from
    // `media_files`, in pieces of 1000 bytes after a head with its Content-Type and
    // length (unless `media_length_unknown`); kNotFound when there is none. Each call
    // takes the next of `download_failures` first (a failure after `bytes_before_failure`
    // bytes of the body).
    hal::Status download_media(const net::parley::Media& media, net::http::BodySink& sink,
                               hal::Millis) override;
    hal::Status download_image(std::string_view image, net::http::BodySink& sink,
                               hal::Millis) override;
    const net::parley::ApiError& last_error() const override { return error_; }

    struct MediaFile {
        std::string content_type;
        std::string bytes;
    };

    struct Mark {
        int status;
        std::vector<uint64_t> ids;
    };
    // The agent side.
    void agent_says(const std::string& text) { store(2, text); }
    uint64_t store(uint8_t type_id, const std::string& text) {
        conversation.push_back({++last_id, type_id, wall_time, text});
        return last_id;
    }
    // Texts the device sent, in the order stored.
    std::vector<std::string> user_texts() const;

    // Every call first lands what was stored late, then takes this long on `clock`.
    void use_clock(test::FakeClock* clock, hal::Millis latency_ms) {
        clock_ = clock;
        latency_ms_ = latency_ms;
    }
    // The bot answers each user message with "re: <text>".
    bool bot = false;

    std::vector<Stored> conversation;
    std::deque<Failure> subscribe_failures;
    std::deque<Failure> send_failures;
    std::deque<Failure> poll_failures;
    std::vector<bool> typing_events;
    uint64_t last_id = 10000;
    // Pages also repeat this many messages at or below the id asked for (a service that
    // overlaps pages): the messenger must still deliver each message once.
    uint64_t overlap = 0;
    bool after_newest = false;  // after:{id} gives the newest 50 above the id
    int64_t wall_time = 1'800'000'000;
    int subscribes = 0;
    int sends = 0;
    int streamed_texts = 0;  // sends whose text was read whole through outbox::EntryText
    int polls = 0;           // after: and the newest page
    int probes = 0;          // before:
    int fetches = 0;         // one message by id
    std::deque<Failure> fetch_failures;
    std::vector<Mark> marks;            // every PUT messages/status, in order
    std::deque<Failure> mark_failures;  // one per PUT
    std::map<uint64_t, int> statuses;   // id -> the highest status marked
    int unseen_calls = 0;
    std::deque<Failure> unseen_failures;  // one per GET messages/unseen/count

    // GET media: the files by filename or legacy image path, one failure per call, and
    // what each call asked for.
    std::map<std::string, MediaFile> media_files;
    std::deque<Failure> download_failures;
    size_t bytes_before_failure = 0;
    bool media_length_unknown = false;
    std::vector<std::string> downloads;

  private:
    struct LateStore {
        hal::Millis at;
        uint8_t type_id;
        std::string text;
    };
    void tick();
    void store_user(uint8_t type_id, const std::string& text);
    hal::Result<std::string> read_text(const firmware::outbox::Entry& entry);
    static Failure next(std::deque<Failure>& queue) {
        if (queue.empty()) return Failure{};
        Failure f = queue.front();
        queue.pop_front();
        return f;
    }
    hal::Status outcome(const Failure& failure);
    hal::Status serve_media(const std::string& name, net::http::BodySink& sink);
    void hand_out(const std::vector<const Stored*>& newest_first,
                  net::parley::MessageHandler& handler, net::parley::PageResult* page);

    net::parley::ApiError error_;
    test::FakeClock* clock_ = nullptr;
    hal::Millis latency_ms_ = 0;
    std::vector<LateStore> late_;
    std::unique_ptr<net::parley::Message> scratch_ = std::make_unique<net::parley::Message>();
};

// Hands `text` to handler.on_text in pieces of at most 16 bytes, each ending on a
// character boundary, as the API client does.
void stream_text(std::string_view text, net::parley::MessageHandler& handler);

}  // namespace messenger_test
