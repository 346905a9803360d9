#include "tests/messenger/fake_service.h"

namespace messenger_test {

hal::Status FakeService::outcome(const Failure& failure) {
    error_ = net::parley::ApiError{};
    error_.kind = failure.status;
    error_.http_status = failure.status == hal::Status::kOk ? 200 : failure.http_status;
    error_.retry_after_s = failure.retry_after_s;
    error_.set_error_string(failure.error);
    return failure.status;
}

hal::Result<uint64_t> FakeService::send(const firmware::outbox::Entry& entry, hal::Millis) {
    ++sends;
    const Failure failure = next(send_failures);
    if (failure.status == hal::Status::kOk || failure.store_first) {
        const uint64_t id = store(entry.type_id, std::string(entry.text));
        if (failure.status == hal::Status::kOk) {
            (void)outcome(failure);
            return id;
        }
    }
    return outcome(failure);
}

hal::Status FakeService::messages_after(uint64_t id, net::parley::MessageHandler& handler,
                                        net::parley::PageResult* page, hal::Millis) {
    ++polls;
    *page = net::parley::PageResult{};
    const Failure failure = next(poll_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    // The oldest 50 above the id (like the simulator), handed out newest first (like the
    // API: PROTOCOL.md §5).
    std::vector<const Stored*> chosen;
    for (const Stored& s : conversation) {
        if (s.id + overlap > id && chosen.size() < 50) chosen.push_back(&s);
    }
    for (auto it = chosen.rbegin(); it != chosen.rend(); ++it) {
        const Stored& s = **it;
        net::parley::Message& m = *scratch_;
        m = net::parley::Message{};
        m.id = s.id;
        m.type_id = s.type_id;
        m.type = static_cast<net::parley::MessageType>(s.type_id);
        m.time = s.time;
        m.has_text = true;
        m.text.assign(s.text);
        handler.on_message(m);
        ++page->delivered;
        if (page->highest_id < s.id) page->highest_id = s.id;
        if (page->lowest_id == 0 || page->lowest_id > s.id) page->lowest_id = s.id;
    }
    return outcome(failure);
}

std::vector<std::string> FakeService::user_texts() const {
    std::vector<std::string> texts;
    for (const Stored& s : conversation) {
        if (s.type_id == 1 || s.type_id == 4) texts.push_back(s.text);
    }
    return texts;
}

}  // namespace messenger_test
