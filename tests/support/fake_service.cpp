#include "tests/support/fake_service.h"

#include <algorithm>
#include <cstddef>

#include "firmware/outbox/entry_text.h"
#include "net/text/utf8.h"

namespace messenger_test {

hal::Status FakeService::outcome(const Failure& failure) {
    error_ = net::parley::ApiError{};
    error_.kind = failure.status;
    error_.http_status = failure.status == hal::Status::kOk ? 200 : failure.http_status;
    error_.retry_after_s = failure.retry_after_s;
    error_.set_error_string(failure.error);
    return failure.status;
}

hal::Status FakeService::download_media(const net::parley::Media& media, net::http::BodySink& sink,
                                        hal::Millis) {
    return serve_media(std::string(media.filename.view()), sink);
}

hal::Status FakeService::download_image(std::string_view image, net::http::BodySink& sink,
                                        hal::Millis) {
    return serve_media(std::string(image), sink);
}

hal::Status FakeService::serve_media(const std::string& name, net::http::BodySink& sink) {
    tick();
    downloads.push_back(name);
    const Failure failure = next(download_failures);
    const auto file = media_files.find(name);
    if (file == media_files.end()) {
        Failure missing;
        missing.status = hal::Status::kNotFound;
        missing.http_status = 404;
        return outcome(failure.status != hal::Status::kOk ? failure : missing);
    }
    const std::string& bytes = file->second.bytes;
    const size_t cut = failure.status != hal::Status::kOk ? bytes_before_failure : bytes.size();
    if (failure.status != hal::Status::kOk && cut == 0) return outcome(failure);
    net::http::BodyInfo info;
    info.content_type = file->second.content_type;
    info.has_length = !media_length_unknown;
    info.length = bytes.size();
    const hal::Status began = sink.begin(info);
    Failure refused;  // the sink's error, passed on as the client does
    refused.status = began;
    if (began != hal::Status::kOk) return outcome(refused);
    constexpr size_t kPiece = 1000;
    for (size_t at = 0; at < std::min(cut, bytes.size()); at += kPiece) {
        const std::string_view piece =
            std::string_view(bytes).substr(at, std::min(kPiece, cut - at));
        const hal::Status taken = sink.write(hal::as_bytes(piece));
        refused.status = taken;
        if (taken != hal::Status::kOk) return outcome(refused);
    }
    return outcome(failure);
}

hal::Status FakeService::mark(net::parley::DeliveryStatus status, hal::Span<const uint64_t> ids,
                              hal::Millis) {
    tick();
    const int value = static_cast<int>(status);
    marks.push_back({value, std::vector<uint64_t>(ids.begin(), ids.end())});
    const Failure failure = next(mark_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    for (const uint64_t id : ids) {
        int& kept = statuses[id];
        if (value > kept) kept = value;
    }
    return outcome(failure);
}

hal::Status FakeService::unseen_count(net::parley::UnseenCount* out, hal::Millis) {
    tick();
    ++unseen_calls;
    const Failure failure = next(unseen_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    *out = net::parley::UnseenCount{};
    for (const Stored& m : conversation) {
        const bool own = m.type_id == 1 || m.type_id == 4;
        const auto kept = statuses.find(m.id);
        if (own || (kept != statuses.end() && kept->second >= 4)) continue;
        ++out->count;
    }
    return outcome(failure);
}

void FakeService::tick() {
    if (clock_ == nullptr) return;
    for (auto it = late_.begin(); it != late_.end();) {
        if (hal::deadline_passed(clock_->now_ms(), it->at)) {
            store_user(it->type_id, it->text);
            it = late_.erase(it);
        } else {
            ++it;
        }
    }
    clock_->advance(latency_ms_);
}

void FakeService::store_user(uint8_t type_id, const std::string& text) {
    store(type_id, text);
    if (bot) agent_says("re: " + text);
}

// The entry's text read through outbox::EntryText, in small pieces (from flash on a device),
// as the API client reads it.
hal::Result<std::string> FakeService::read_text(const firmware::outbox::Entry& entry) {
    const firmware::outbox::EntryText stored(entry);
    std::string text;
    char chunk[7];
    const hal::Status read =
        net::text::for_each_piece(stored, hal::CharSpan(chunk), [&](std::string_view piece) {
            text.append(piece);
            return true;
        });
    if (read != hal::Status::kOk) return read;
    ++streamed_texts;
    return text;
}

hal::Result<uint64_t> FakeService::send(const firmware::outbox::Entry& entry, hal::Millis) {
    tick();
    ++sends;
    const hal::Result<std::string> read = read_text(entry);
    if (!read.ok()) {
        Failure unread;
        unread.status = read.status();
        return outcome(unread);
    }
    const std::string& text = read.value();
    // Like the API client's own input check.
    if (!net::text::count_code_points(text).ok()) {
        Failure invalid;
        invalid.status = hal::Status::kInvalidArgument;
        return outcome(invalid);
    }
    const Failure failure = next(send_failures);
    if (failure.store_first && failure.store_after_ms > 0 && clock_ != nullptr) {
        late_.push_back({clock_->now_ms() + failure.store_after_ms, entry.type_id, text});
        return outcome(failure);
    }
    if (failure.status == hal::Status::kOk || failure.store_first) {
        store_user(entry.type_id, text);
        const uint64_t id = conversation[conversation.size() - (bot ? 2 : 1)].id;
        if (failure.status == hal::Status::kOk) {
            (void)outcome(failure);
            return id;
        }
    }
    return outcome(failure);
}

hal::Status FakeService::newest_messages(net::parley::MessageHandler& handler,
                                         net::parley::PageResult* page, hal::Millis) {
    tick();
    ++polls;
    *page = net::parley::PageResult{};
    const Failure failure = next(poll_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    std::vector<const Stored*> chosen;
    for (auto it = conversation.rbegin(); it != conversation.rend() && chosen.size() < 50; ++it)
        chosen.push_back(&*it);
    hand_out(chosen, handler, page);
    return outcome(failure);
}

hal::Status FakeService::messages_after(uint64_t id, net::parley::MessageHandler& handler,
                                        net::parley::PageResult* page, hal::Millis) {
    tick();
    ++polls;
    *page = net::parley::PageResult{};
    const Failure failure = next(poll_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    // The oldest 50 above the id (like the simulator) or the newest 50, handed out newest
    // first (like the API).
    std::vector<const Stored*> above;
    for (const Stored& s : conversation) {
        if (s.id + overlap > id) above.push_back(&s);
    }
    const bool newest = after_newest;
    const size_t take = above.size() < 50 ? above.size() : 50;
    std::vector<const Stored*> chosen(
        newest ? above.end() - static_cast<std::ptrdiff_t>(take) : above.begin(),
        newest ? above.end() : above.begin() + static_cast<std::ptrdiff_t>(take));
    std::reverse(chosen.begin(), chosen.end());
    hand_out(chosen, handler, page);
    return outcome(failure);
}

hal::Status FakeService::messages_before(uint64_t id, net::parley::MessageHandler& handler,
                                         net::parley::PageResult* page, hal::Millis) {
    tick();
    ++probes;
    *page = net::parley::PageResult{};
    const Failure failure = next(poll_failures);
    if (failure.status != hal::Status::kOk) return outcome(failure);
    std::vector<const Stored*> chosen;
    for (auto it = conversation.rbegin(); it != conversation.rend() && chosen.size() < 50; ++it) {
        if (it->id < id) chosen.push_back(&*it);
    }
    hand_out(chosen, handler, page);
    return outcome(failure);
}

hal::Status FakeService::message(uint64_t id, net::parley::MessageHandler& handler, hal::Millis) {
    tick();
    ++fetches;
    const Failure failure = next(fetch_failures);
    for (const Stored& s : conversation) {
        if (s.id != id) continue;
        if (failure.midway)
            stream_text(std::string_view(s.text).substr(0, s.text.size() / 2), handler);
        if (failure.status != hal::Status::kOk) return outcome(failure);
        net::parley::PageResult ignored;
        hand_out({&s}, handler, &ignored);
        return outcome(failure);
    }
    Failure missing;
    missing.status = hal::Status::kNotFound;
    missing.http_status = 404;
    missing.error = "message_not_found";
    return outcome(missing);
}

// A text as the API client hands it out: in pieces that never end inside a character.
void stream_text(std::string_view text, net::parley::MessageHandler& handler) {
    constexpr size_t kPiece = 16;
    while (!text.empty()) {
        size_t take = net::text::utf8_prefix_length(text, kPiece);
        if (take == 0) take = text.size() < 4 ? text.size() : 4;  // one character
        handler.on_text(text.substr(0, take));
        text.remove_prefix(take);
    }
}

void FakeService::hand_out(const std::vector<const Stored*>& newest_first,
                           net::parley::MessageHandler& handler, net::parley::PageResult* page) {
    for (const Stored* stored : newest_first) {
        const Stored& s = *stored;
        net::parley::Message& m = *scratch_;
        m = net::parley::Message{};
        m.id = s.id;
        m.type_id = s.type_id;
        m.type = static_cast<net::parley::MessageType>(s.type_id);
        m.time = s.time;
        m.has_text = true;
        m.text_bytes = static_cast<uint32_t>(s.text.size());
        stream_text(s.text, handler);
        handler.on_message(m);
        ++page->delivered;
        if (page->highest_id < s.id) page->highest_id = s.id;
        if (page->lowest_id == 0 || page->lowest_id > s.id) page->lowest_id = s.id;
    }
}

std::vector<std::string> FakeService::user_texts() const {
    std::vector<std::string> texts;
    for (const Stored& s : conversation) {
        if (s.type_id == 1 || s.type_id == 4) texts.push_back(s.text);
    }
    return texts;
}

}  // namespace messenger_test
