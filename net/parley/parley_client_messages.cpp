// The message endpoints: send (text, media reference), the three page reads, one
// message, status updates and the unseen count.
#include "net/http/buffer_writer.h"
#include "net/json/json_text_source.h"
#include "net/json/json_writer.h"
#include "net/parley/input_checks.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_call.h"
#include "net/text/utf8.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr std::string_view kMessagesPath = "/messages";
constexpr std::string_view kBeforePath = "/messages/before:";
constexpr std::string_view kAfterPath = "/messages/after:";
constexpr std::string_view kOnePath = "/messages/";
constexpr std::string_view kStatusPath = "/messages/status/";
constexpr std::string_view kUnseenPath = "/messages/unseen/count";

// The JSON around a streamed text: {"message":"<text>","typeId":N}.
constexpr std::string_view kTextHead = "{\"message\":";
constexpr std::string_view kUserTail = ",\"typeId\":1}";
constexpr std::string_view kSilentTail = ",\"typeId\":4}";

Status check_media_reference(std::string_view media_id, std::string_view description) {
    if (media_id.empty() || media_id.size() > kMaxIdTextLength) return Status::kInvalidArgument;
    if (!text::count_code_points(media_id).ok()) return Status::kInvalidArgument;
    const hal::Result<size_t> characters = text::count_code_points(description);
    const bool fits = characters.ok() && characters.value() <= kMaxDescriptionLength;
    return fits ? Status::kOk : Status::kInvalidArgument;
}

bool is_status_mark(DeliveryStatus status) {
    return status == DeliveryStatus::kReceived || status == DeliveryStatus::kDelivered ||
           status == DeliveryStatus::kRead;
}

}  // namespace

hal::Result<uint64_t> ParleyClient::send_text(std::string_view text, MessageType type,
                                              hal::Millis deadline) {
    if (config_.encoding != RequestEncoding::kQueryString) {
        const text::StringTextReader reader(text);
        return send_text(reader, type, deadline);
    }
    const int type_id = static_cast<int>(type);
    Status valid = check_text(text);
    if (valid == Status::kOk) valid = check_send_type(type_id);
    if (valid != Status::kOk) return reject(valid);
    return send_text_query(text, type_id, deadline);
}

hal::Result<uint64_t> ParleyClient::send_text_query(std::string_view text, int type_id,
                                                    hal::Millis deadline) {
    Call call;
    call.method = http::Method::kPost;
    call.path = kMessagesPath;
    const char type_text[] = {static_cast<char>('0' + type_id)};
    const http::QueryParam query[] = {{"message", text},
                                      {"typeId", std::string_view(type_text, 1)}};
    call.query = query;
    return post_message(call, deadline);
}

// The text is read through `text` twice at least (checked, measured for Content-Length)
// and again for each attempt. The query form needs it whole: it is read into the body
// buffer (kMaxRequestBodySize bytes; a longer text would not fit the HTTP client's
// working buffer once percent-encoded anyway: kBufferTooSmall, as for such a view).
hal::Result<uint64_t> ParleyClient::send_text(const text::TextReader& text, MessageType type,
                                              hal::Millis deadline) {
    const int type_id = static_cast<int>(type);
    Status valid = check_text(text);
    if (valid == Status::kOk) valid = check_send_type(type_id);
    if (valid != Status::kOk) return reject(valid);
    if (config_.encoding == RequestEncoding::kQueryString) {
        HAL_ASSIGN_OR_RETURN(const std::string_view whole, read_whole(text));
        return send_text_query(whole, type_id, deadline);
    }
    Call call;
    call.method = http::Method::kPost;
    call.path = kMessagesPath;
    json::JsonTextSource body(kTextHead, text,
                              type == MessageType::kUser ? kUserTail : kSilentTail);
    if (body.status() != Status::kOk) return reject(body.status());
    call.content_type = kJsonContentType;
    call.source = &body;
    call.source_length = body.length();
    return post_message(call, deadline);
}

hal::Result<std::string_view> ParleyClient::read_whole(const text::TextReader& text) {
    const hal::CharSpan buffer = work_.body();
    if (text.size() > buffer.size()) return reject(Status::kBufferTooSmall);
    size_t at = 0;
    while (at < text.size()) {
        const hal::Result<size_t> got = text.read(at, buffer.subspan(at, text.size() - at));
        if (!got.ok()) return reject(got.status());
        if (got.value() == 0) return reject(Status::kCorrupt);
        at += got.value();
    }
    return std::string_view(buffer.data(), at);
}

// Media references are JSON in both encodings: the query form has no media object.
hal::Result<uint64_t> ParleyClient::send_media_message(std::string_view media_id,
                                                       std::string_view description,
                                                       hal::Millis deadline) {
    const Status valid = check_media_reference(media_id, description);
    if (valid != Status::kOk) return reject(valid);
    json::JsonWriter body(work_.body());
    body.begin_object().begin_object("media").string("id", media_id);
    if (!description.empty()) body.string("description", description);
    body.end_object().end_object();
    if (body.status() != Status::kOk) return reject(body.status());
    Call call;
    call.method = http::Method::kPost;
    call.path = kMessagesPath;
    call.content_type = kJsonContentType;
    call.body = hal::as_bytes(body.view());
    return post_message(call, deadline);
}

// `call` is a copy: it points at the reader below only while this runs.
hal::Result<uint64_t> ParleyClient::post_message(Call call, hal::Millis deadline) {
    MessageIdReader reader;
    call.data = &reader;
    HAL_TRY(perform(call, deadline));
    // A success without an id: the message was most likely stored (reconcile, do not
    // blindly resend).
    if (reader.result() != Status::kOk) return fail(reader.result());
    return reader.id();
}

hal::Status ParleyClient::get_messages(MessageHandler& handler, PageResult* page,
                                       hal::Millis deadline) {
    return get_page(kMessagesPath, handler, page, deadline);
}

hal::Status ParleyClient::get_messages_before(uint64_t id, MessageHandler& handler,
                                              PageResult* page, hal::Millis deadline) {
    const hal::Result<std::string_view> path = write_path(kBeforePath, id);
    if (!path.ok()) return reject(path.status());
    return get_page(path.value(), handler, page, deadline);
}

hal::Status ParleyClient::get_messages_after(uint64_t id, MessageHandler& handler, PageResult* page,
                                             hal::Millis deadline) {
    const hal::Result<std::string_view> path = write_path(kAfterPath, id);
    if (!path.ok()) return reject(path.status());
    return get_page(path.value(), handler, page, deadline);
}

hal::Status ParleyClient::get_page(std::string_view path, MessageHandler& handler, PageResult* page,
                                   hal::Millis deadline) {
    MessagePageReader reader(work_.message, handler, page);
    Call call;
    call.path = path;
    call.data = &reader;
    return perform(call, deadline);
}

hal::Status ParleyClient::get_message(uint64_t id, MessageHandler& handler, hal::Millis deadline) {
    const hal::Result<std::string_view> path = write_path(kOnePath, id);
    if (!path.ok()) return reject(path.status());
    PageResult page;
    MessagePageReader reader(work_.message, handler, &page);
    Call call;
    call.path = path.value();
    call.data = &reader;
    HAL_TRY(perform(call, deadline));
    const Status result = reader.single_result();
    return result == Status::kOk ? Status::kOk : fail(result);
}

hal::Status ParleyClient::mark_messages(DeliveryStatus status, hal::Span<const uint64_t> ids,
                                        hal::Millis deadline) {
    if (!is_status_mark(status) || ids.empty() || ids.size() > kMaxStatusIds) {
        return reject(Status::kInvalidArgument);
    }
    const hal::Result<std::string_view> path =
        write_path(kStatusPath, static_cast<uint64_t>(status));
    json::JsonWriter body(work_.body());
    body.begin_object().begin_array("messageIds");
    for (const uint64_t id : ids)
        body.integer(static_cast<int64_t>(id > INT64_MAX ? INT64_MAX : id));
    body.end_array().end_object();
    if (!path.ok()) return reject(path.status());
    if (body.status() != Status::kOk) return reject(body.status());
    Call call;
    call.method = http::Method::kPut;
    call.path = path.value();
    call.content_type = kJsonContentType;
    call.body = hal::as_bytes(body.view());
    return perform(call, deadline);
}

hal::Status ParleyClient::unseen_count(UnseenCount* out, hal::Millis deadline) {
    if (out == nullptr) return reject(Status::kInvalidArgument);
    UnseenCountReader reader(out);
    Call call;
    call.path = kUnseenPath;
    call.data = &reader;
    HAL_TRY(perform(call, deadline));
    return reader.result() == Status::kOk ? Status::kOk : fail(reader.result());
}

hal::Result<std::string_view> ParleyClient::write_path(std::string_view first, uint64_t id) {
    http::BufferWriter path(hal::CharSpan(work_.path));
    path.append(first).append_decimal(id);
    if (!path.ok()) return path.status();
    return path.view();
}

}  // namespace net::parley
