// The sending half of HttpClient: the head from the working buffer, then the body
// from the caller's memory or pulled piece by piece from its BodySource.
#include <cstring>

#include "net/http/buffer_writer.h"
#include "net/http/http_client.h"
#include "net/http/request_writer.h"

namespace net::http {

using hal::Status;

hal::Result<HttpClient::Staged> HttpClient::stage_request(const Request& request) {
    const hal::CharSpan text(reinterpret_cast<char*>(buffer_.data()), buffer_.size());
    BufferWriter head(text);
    const std::string_view host(host_header_, host_header_length_);
    HAL_TRY(write_request_head(request, host, head));
    Staged staged;
    staged.size = head.size();
    // A small body rides in the same write as the head: one TLS record, one segment.
    if (request.body.size() <= buffer_.size() - staged.size) {
        if (!request.body.empty()) {
            std::memcpy(buffer_.data() + staged.size, request.body.data(), request.body.size());
        }
        staged.size += request.body.size();
        staged.includes_body = true;
    }
    return staged;
}

Status HttpClient::send_request(const Request& request, const Staged& staged,
                                hal::Millis deadline) {
    if (!staged.includes_body) {
        HAL_TRY(send_all(buffer_.first(staged.size), deadline));
        return send_all(request.body, deadline);
    }
    if (request.body_source == nullptr) return send_all(buffer_.first(staged.size), deadline);
    // A streamed body's first piece fills the buffer behind the head and goes out with it:
    // head and a short body in one write, so in one TLS record and one TCP segment.
    return send_source(request, staged.size, deadline);
}

// Streams exactly body_length bytes through the working buffer, whose first `ahead` bytes
// (the head) go out with the first piece.
Status HttpClient::send_source(const Request& request, size_t ahead, hal::Millis deadline) {
    uint64_t left = request.body_length;
    while (left > 0 || ahead > 0) {
        const size_t space = buffer_.size() - ahead;
        const size_t room = left < space ? static_cast<size_t>(left) : space;
        size_t produced = 0;
        if (room > 0) {
            source_read_ = true;
            const hal::Result<size_t> read =
                request.body_source->read(buffer_.subspan(ahead, room));
            if (!read.ok()) return read.status();
            if (read.value() == 0 || read.value() > room) return Status::kInvalidArgument;
            produced = read.value();
        }
        HAL_TRY(send_all(buffer_.first(ahead + produced), deadline));
        left -= produced;
        ahead = 0;
    }
    return Status::kOk;
}

Status HttpClient::send_all(hal::ConstByteSpan data, hal::Millis deadline) {
    while (!data.empty()) {
        // Checked before every call, also while bytes flow: a peer that takes them one at
        // a time cannot hold the client past its deadline.
        const bool late = hal::deadline_passed(clock_.now_ms(), deadline);
        const hal::Result<size_t> sent =
            late ? hal::Result<size_t>(size_t{0}) : socket_.send(data, deadline);
        if (!sent.ok() || (sent.value() == 0 && hal::deadline_passed(clock_.now_ms(), deadline))) {
            transport_failed_ = true;
            return sent.ok() ? Status::kTimeout : sent.status();
        }
        if (sent.value() > 0) sent_any_ = true;
        data = data.subspan(sent.value());
    }
    return Status::kOk;
}

}  // namespace net::http
