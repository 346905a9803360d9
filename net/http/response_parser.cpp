#include "net/http/response_parser.h"

#include <cstring>
#include <string_view>

#include "net/http/response_lines.h"

namespace net::http {
namespace {

using hal::Status;

constexpr uint16_t kFirstFinalStatus = 200;
constexpr uint16_t kSwitchingProtocols = 101;
constexpr uint16_t kNoContent = 204;
constexpr uint16_t kFirstRedirect = 300;
constexpr uint16_t kNotModified = 304;

}  // namespace

void ResponseParser::reset(bool head_request, uint64_t body_limit) {
    head_ = ResponseHead{};
    connection_ = ConnectionTokens{};
    state_ = State::kStatusLine;
    error_ = Status::kOk;
    head_request_ = head_request;
    head_complete_ = false;
    body_limit_ = body_limit;
    body_left_ = 0;
    body_bytes_ = 0;
    header_count_ = 0;
    line_length_ = 0;
}

hal::Result<ParseStep> ResponseParser::feed(hal::ConstByteSpan in, size_t max_body) {
    ParseStep step;
    while (error_ == Status::kOk && step.consumed < in.size() && state_ != State::kDone) {
        const hal::ConstByteSpan rest = in.subspan(step.consumed);
        if (in_body()) {
            step.body = take_body(rest, max_body);
            step.consumed += step.body.size();
            break;
        }
        const bool head_was_complete = head_complete_;
        step.consumed += take_line(rest);
        if (head_complete_ != head_was_complete) break;
    }
    if (error_ != Status::kOk) return error_;
    return step;
}

Status ResponseParser::finish() {
    if (error_ != Status::kOk) return error_;
    if (state_ == State::kUntilClose) state_ = State::kDone;
    return state_ == State::kDone ? Status::kOk : Status::kClosed;
}

bool ResponseParser::in_body() const {
    return state_ == State::kBodyLength || state_ == State::kChunkData ||
           state_ == State::kUntilClose;
}

// Collects bytes up to '\n' into line_, then handles the complete line.
size_t ResponseParser::take_line(hal::ConstByteSpan in) {
    const void* newline = std::memchr(in.data(), '\n', in.size());
    const size_t content =
        newline == nullptr ? in.size()
                           : static_cast<size_t>(static_cast<const uint8_t*>(newline) - in.data());
    if (content > kMaxLineLength - line_length_) {
        fail(Status::kTooLarge);
        return 0;
    }
    std::memcpy(line_ + line_length_, in.data(), content);
    line_length_ += content;
    if (newline == nullptr) return content;

    std::string_view line(line_, line_length_);
    line_length_ = 0;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A bare CR inside a line is how response-splitting attacks start: refuse it.
    const Status status =
        line.find('\r') == std::string_view::npos ? on_line(line) : Status::kCorrupt;
    if (status != Status::kOk) fail(status);
    return content + 1;
}

hal::ConstByteSpan ResponseParser::take_body(hal::ConstByteSpan in, size_t max_body) {
    size_t take = in.size() < max_body ? in.size() : max_body;
    const bool delimited = state_ != State::kUntilClose;
    if (delimited && body_left_ < take) take = static_cast<size_t>(body_left_);
    const uint64_t promised = delimited ? body_left_ : take;
    if (promised > body_limit_ - body_bytes_) {
        fail(Status::kTooLarge);
        return {};
    }
    body_bytes_ += take;
    if (!delimited) return in.first(take);
    body_left_ -= take;
    if (body_left_ == 0)
        state_ = state_ == State::kBodyLength ? State::kDone : State::kChunkDataEnd;
    return in.first(take);
}

Status ResponseParser::on_line(std::string_view line) {
    switch (state_) {
        case State::kStatusLine:
            return on_status_line(line);
        case State::kHeaders:
            return on_header_line(line);
        case State::kChunkSize:
            return on_chunk_size_line(line);
        case State::kChunkDataEnd:
            state_ = State::kChunkSize;
            return line.empty() ? Status::kOk : Status::kCorrupt;
        case State::kTrailers:
            return on_trailer_line(line);
        default:
            return Status::kInternal;
    }
}

Status ResponseParser::on_status_line(std::string_view line) {
    const hal::Result<StatusLine> status = parse_status_line(line);
    if (!status.ok()) return status.status();
    head_.status = status.value().status;
    head_.minor_version = status.value().minor_version;
    state_ = State::kHeaders;
    return Status::kOk;
}

Status ResponseParser::count_header_line() {
    return ++header_count_ > kMaxHeaderCount ? Status::kTooLarge : Status::kOk;
}

Status ResponseParser::on_header_line(std::string_view line) {
    if (line.empty()) return on_head_end();
    HAL_TRY(count_header_line());
    const hal::Result<HeaderLine> header = parse_header_line(line);
    if (!header.ok()) return header.status();
    const bool read_date = !skip_success_date_ || head_.status >= kFirstRedirect;
    return apply_header_field(header.value().name, header.value().value, head_, connection_,
                              read_date);
}

Status ResponseParser::on_head_end() {
    if (head_.status == kSwitchingProtocols) return Status::kUnsupported;
    if (head_.status < kFirstFinalStatus) {
        // An interim response (100 Continue, 103 Early Hints): the real one follows.
        head_ = ResponseHead{};
        connection_ = ConnectionTokens{};
        state_ = State::kStatusLine;
        return Status::kOk;
    }
    settle_keep_alive(connection_, head_);
    choose_body_framing();
    head_complete_ = true;
    return Status::kOk;
}

// RFC 9112 §6.3, for responses.
void ResponseParser::choose_body_framing() {
    const uint16_t status = head_.status;
    if (head_request_ || status == kNoContent || status == kNotModified) {
        state_ = State::kDone;
    } else if (head_.chunked) {
        // Both framings at once smells of request smuggling: trust chunked, then close.
        if (head_.has_content_length) head_.keep_alive = false;
        state_ = State::kChunkSize;
    } else if (head_.has_content_length) {
        body_left_ = head_.content_length;
        state_ = body_left_ == 0 ? State::kDone : State::kBodyLength;
    } else {
        head_.keep_alive = false;
        state_ = State::kUntilClose;
    }
}

Status ResponseParser::on_chunk_size_line(std::string_view line) {
    const hal::Result<uint64_t> size = parse_chunk_size_line(line);
    if (!size.ok()) return size.status();
    body_left_ = size.value();
    state_ = body_left_ == 0 ? State::kTrailers : State::kChunkData;
    return Status::kOk;
}

Status ResponseParser::on_trailer_line(std::string_view line) {
    if (line.empty()) {
        state_ = State::kDone;
        return Status::kOk;
    }
    HAL_TRY(count_header_line());
    return parse_header_line(line).status();
}

void ResponseParser::fail(Status status) {
    if (error_ == Status::kOk) error_ = status;
}

}  // namespace net::http
