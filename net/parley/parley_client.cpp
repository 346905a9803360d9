// The exchange every endpoint shares: identification headers, the request, the
// response streamed through a ResponseReader (or to a sink), classification, the one
// resend after a refused token, and one log line. The endpoints are in
// parley_client_messages.cpp, parley_client_device.cpp and parley_client_media.cpp.
#include <cstring>

#include "hal/log.h"
#include "net/parley/input_checks.h"
#include "net/parley/parley_call.h"
#include "net/parley/request_auth.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr const char* kLogModule = "parley";

bool is_success(uint16_t http_status) {
    return http_status >= 200 && http_status <= 299;
}

int printf_length(std::string_view text) {
    return static_cast<int>(text.size());
}

}  // namespace

ParleyClient::ParleyClient(http::HttpClient& http, hal::Clock& clock, const ClientConfig& config,
                           AccessTokenProvider* tokens, ParleyWorkspace& workspace)
    : http_(http),
      clock_(clock),
      config_(config),
      tokens_(tokens),
      work_(workspace),
      config_status_(check_config(config_, tokens_ != nullptr)) {}

Status ParleyClient::set_auth_string(std::string_view auth) {
    HAL_TRY(check_header_value(auth));
    config_.auth_string = auth;
    return Status::kOk;
}

Status ParleyClient::perform(Call& call, hal::Millis deadline) {
    // Checked once, at construction: every call of a client with a bad configuration is
    // refused, and the headers taken from a good one are not checked again per request.
    if (config_status_ != Status::kOk) return reject(config_status_);
    Status status = attempt(call, deadline);
    if (config_.dialect == Dialect::kKpnGateway) status = settle_token(call, status, deadline);
    log_outcome(call);
    return status;
}

// KPN: a refusal that came from the service (an HTTP answer, so nothing was acted on)
// earns one resend with a fresh token; the provider hears how the token fared.
Status ParleyClient::settle_token(Call& call, Status status, hal::Millis deadline) {
    if (status == Status::kTokenInvalid && last_error_.http_status != 0) {
        tokens_->token_refused();
        if (call.source != nullptr && call.source->rewind() != Status::kOk) return status;
        status = attempt(call, deadline);
    }
    if (last_error_.http_status == 0) return status;  // no answer: nothing learnt
    if (status == Status::kTokenInvalid) {
        tokens_->token_refused();
    } else {
        tokens_->token_accepted();
    }
    return status;
}

Status ParleyClient::attempt(Call& call, hal::Millis deadline) {
    last_error_ = ApiError{};
    AuthHeaders headers;
    const Status auth = write_auth_headers(config_, tokens_, &headers, deadline);
    if (auth != Status::kOk) return fail(auth);
    http::Request request;
    request.method = call.method;
    request.path_prefix = config_.base_path;
    request.path_prefix_checked = true;  // check_config, at construction
    request.path = call.path;
    request.query = call.query;
    request.headers = headers.span();
    request.content_type = call.content_type;
    request.body = call.body;
    request.body_source = call.source;
    request.body_rewind = call.source;
    request.body_length = call.source_length;
    const hal::Result<http::ResponseHead> head = http_.begin(request, deadline);
    if (!head.ok()) return fail(head.status());
    last_error_.http_status = head.value().status;
    return read_response(call, head.value(), deadline);
}

Status ParleyClient::read_response(Call& call, const http::ResponseHead& head,
                                   hal::Millis deadline) {
    const bool success = is_success(head.status);
    if (success && call.sink != nullptr) return stream_to_sink(call, head, deadline);
    // An error response's data is not handed on: only its envelope matters.
    ResponseReader reader(work_.capture(), success ? call.data : nullptr);
    for (;;) {
        const hal::Result<std::string_view> piece = next_piece(deadline);
        if (!piece.ok()) return fail(piece.status());
        if (piece.value().empty()) return conclude(head, reader);
        reader.feed(piece.value());
    }
}

Status ParleyClient::stream_to_sink(Call& call, const http::ResponseHead& head,
                                    hal::Millis deadline) {
    MediaDownload discarded;
    MediaDownload& info = call.download != nullptr ? *call.download : discarded;
    const std::string_view type = head.content_type();
    std::memcpy(info.content_type, type.data(), type.size());
    info.content_type[type.size()] = '\0';
    info.length = 0;
    const Status accepted = call.sink->begin(head.body_info());
    if (accepted != Status::kOk) {
        http_.close();  // the body is not wanted
        return fail(accepted);
    }
    for (;;) {
        const hal::Result<std::string_view> piece = next_piece(deadline);
        if (!piece.ok()) return fail(piece.status());
        if (piece.value().empty()) return Status::kOk;
        const Status taken = call.sink->write(hal::as_bytes(piece.value()));
        if (taken != Status::kOk) {
            http_.close();  // the rest of the body is not wanted
            return fail(taken);
        }
        info.length += piece.value().size();
    }
}

// The next body bytes (a view into the HTTP client's buffer), empty at the end of the body.
hal::Result<std::string_view> ParleyClient::next_piece(hal::Millis deadline) {
    const hal::Result<hal::ConstByteSpan> got = http_.read_body_view(deadline);
    if (!got.ok()) return got.status();
    return std::string_view(reinterpret_cast<const char*>(got.value().data()), got.value().size());
}

Status ParleyClient::conclude(const http::ResponseHead& head, const ResponseReader& reader) {
    last_error_.set_error_string(reader.error());
    last_error_.error_truncated = reader.error_truncated();
    Status kind = classify_api_error(config_.dialect, head.status, reader.status_error(),
                                     last_error_.error_string());
    // A success whose body is not one JSON object cannot be trusted; an empty body is
    // no envelope at all, fine where no data is expected (readers report missing data).
    if (kind == Status::kOk && !reader.empty()) kind = reader.finish();
    if (kind == Status::kRetryLater) {
        last_error_.retry_after_s = head.retry_after_seconds(clock_.wall_seconds()).value_or(-1);
    }
    return fail(kind);
}

Status ParleyClient::fail(Status status) {
    last_error_.kind = status;
    return status;
}

Status ParleyClient::reject(Status status) {
    last_error_ = ApiError{};
    return fail(status);
}

// One line per call. Paths hold ids only; headers, bodies and the query (which may
// carry the text) are never logged, nor an error string the service made up.
void ParleyClient::log_outcome(const Call& call) const {
    const std::string_view method = http::method_name(call.method);
    const std::string_view error = last_error_.error_string();
    const std::string_view shown = is_documented_error(error) ? error : std::string_view();
    if (last_error_.kind == Status::kOk) {
        HAL_LOG_DEBUG(kLogModule, "%.*s %.*s -> %u", printf_length(method), method.data(),
                      printf_length(call.path), call.path.data(), last_error_.http_status);
        return;
    }
    HAL_LOG_WARN(kLogModule, "%.*s %.*s -> %u %s %.*s", printf_length(method), method.data(),
                 printf_length(call.path), call.path.data(), last_error_.http_status,
                 hal::to_string(last_error_.kind), printf_length(shown), shown.data());
}

}  // namespace net::parley
