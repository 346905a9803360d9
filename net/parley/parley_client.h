// ParleyClient: every endpoint of the messaging API (docs/protocol.md §6) in either dialect,
// over one HttpClient. Each call checks its input before anything is sent, reads the
// response as it streams (message lists one element at a time, constant RAM), checks
// both the HTTP status and the envelope's "status", and keeps the outcome in
// last_error(). Blocking, bounded by the deadline; no heap; buffers in the caller's
// ParleyWorkspace. Views it returns live until the next call.
//
// Tokens (KPN): a refused token (401, authentication_*) is reported to the provider
// and the call is made once more with a fresh token — safe, because a refusal means the
// service did not act on the request; a second refusal is kTokenInvalid.
//
// Errors: kInvalidArgument (input or configuration), kBufferTooSmall (a request does
// not fit its buffer), the token provider's errors, the HttpClient's transport kinds
// (kOutcomeUnknown when a request was written but not answered: a POST may have been
// acted on), the kinds of classify_api_error (api_error.h), kCorrupt (a success
// response without the expected data), kTooLarge (a response part over its buffer).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/clock.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/time.h"
#include "net/http/body_stream.h"
#include "net/http/http_client.h"
#include "net/parley/access_token_provider.h"
#include "net/parley/api_error.h"
#include "net/parley/client_config.h"
#include "net/parley/device_registration.h"
#include "net/parley/endpoint_results.h"
#include "net/parley/media_upload.h"
#include "net/parley/message.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_workspace.h"
#include "net/parley/response_reader.h"
#include "net/text/text_reader.h"

namespace net::parley {

// What a media download reported about the bytes it streamed.
struct MediaDownload {
    uint64_t length = 0;  // bytes handed to the sink
    char content_type[http::kMaxContentTypeLength + 1] = {};
    std::string_view content_type_view() const { return content_type; }
};

class ParleyClient {
  public:
    // `tokens` is required for the KPN dialect and ignored by Parley direct.
    ParleyClient(http::HttpClient& http, hal::Clock& clock, const ClientConfig& config,
                 AccessTokenProvider* tokens, ParleyWorkspace& workspace);
    ParleyClient(const ParleyClient&) = delete;
    ParleyClient& operator=(const ParleyClient&) = delete;

    // Replaces the registered user's string the requests carry ("" for none); the view
    // must outlive the client. kInvalidArgument for a value check_config refuses (the
    // previous one stays). The caller subscribes again (Messenger::registration_changed).
    hal::Status set_auth_string(std::string_view auth);

    // POST devices: subscribe or update this device (required before messages).
    hal::Status subscribe_device(const DeviceRegistration& device, hal::Millis deadline);

    // POST messages with a text; type kUser (1) or kUserSilent (4). Returns the
    // message's id. The text is streamed, escaped, from the caller's memory (in the query
    // form it must fit the HttpClient's working buffer, percent-encoded). kCorrupt here
    // means a success without a readable id: the message is most likely stored, so look
    // for it (as after kOutcomeUnknown) before sending it again.
    hal::Result<uint64_t> send_text(std::string_view text, MessageType type, hal::Millis deadline);
    // The same with the text read in pieces through `text` (an outbox entry's text on
    // flash): checked and measured in one pass each, then streamed, escaped, a small
    // chunk at a time; read again for the resend after a refused token. The query form
    // needs the text whole: it is read into the workspace's request body buffer
    // (kMaxRequestBodySize bytes; a longer text is refused with kBufferTooSmall, as it would
    // not fit the HTTP client's working buffer percent-encoded). A failed read ends the
    // call with the reader's status (kFlashError) before or while the body goes out.
    hal::Result<uint64_t> send_text(const text::TextReader& text, MessageType type,
                                    hal::Millis deadline);
    // POST messages with an uploaded file's id (from upload_media) and a description.
    hal::Result<uint64_t> send_media_message(std::string_view media_id,
                                             std::string_view description, hal::Millis deadline);

    // GET messages (newest page), messages/before:{id}, messages/after:{id}: each message
    // to `handler` as it is decoded, counts and paging in `page` (not null). Messages
    // handed out before a later failure (a body cut short: kOutcomeUnknown, kCorrupt)
    // stay handed out: ids are the dedupe key.
    hal::Status get_messages(MessageHandler& handler, PageResult* page, hal::Millis deadline);
    hal::Status get_messages_before(uint64_t id, MessageHandler& handler, PageResult* page,
                                    hal::Millis deadline);
    hal::Status get_messages_after(uint64_t id, MessageHandler& handler, PageResult* page,
                                   hal::Millis deadline);
    // GET messages/{id}: its text in pieces to handler.on_text, then the message to
    // on_message (kNotFound: message_not_found). kCorrupt or kTooLarge: the object did
    // not decode (reported to handler.on_skipped as well: any pieces given are void).
    hal::Status get_message(uint64_t id, MessageHandler& handler, hal::Millis deadline);

    // POST services/event/startTyping and stopTyping.
    hal::Status start_typing(hal::Millis deadline);
    hal::Status stop_typing(hal::Millis deadline);

    // POST media: streams the file as multipart/form-data; returns the media id (a view
    // valid until the next call). Checked first: size, type, filename.
    hal::Result<std::string_view> upload_media(const MediaUpload& upload, hal::Millis deadline);
    // GET media/{year}/{month}/{day}/{filename} of a message's media: the bytes go to
    // `sink` as they arrive; `info` (optional) receives their Content-Type and length.
    hal::Status download_media(const Media& media, http::BodySink& sink, MediaDownload* info,
                               hal::Millis deadline);
    // The same for a message's legacy `image` path, when it names a media file of this
    // service (legacy_image.h); any other path is kInvalidArgument before anything is sent.
    hal::Status download_image(std::string_view image, http::BodySink& sink, MediaDownload* info,
                               hal::Millis deadline);

    // PUT messages/status/{2,3,4} (v1.9): mark up to kMaxStatusIds messages.
    hal::Status mark_messages(DeliveryStatus status, hal::Span<const uint64_t> ids,
                              hal::Millis deadline);
    // GET messages/unseen/count (v1.9).
    hal::Status unseen_count(UnseenCount* out, hal::Millis deadline);
    // GET config: the data object's JSON text copied into `out`; returns its length.
    hal::Result<size_t> get_config(hal::CharSpan out, hal::Millis deadline);

    // The outcome of the last call (kind, HTTP status, error string, Retry-After).
    const ApiError& last_error() const { return last_error_; }

  private:
    struct Call;

    hal::Status get_page(std::string_view path, MessageHandler& handler, PageResult* page,
                         hal::Millis deadline);
    hal::Status post_typing(std::string_view path, hal::Millis deadline);
    hal::Result<std::string_view> write_path(std::string_view first, uint64_t id);
    hal::Result<std::string_view> write_media_path(const Media& media);
    hal::Status send_devices_query(const DeviceRegistration& device, hal::Millis deadline);
    hal::Result<uint64_t> post_message(Call call, hal::Millis deadline);

    // The exchange, with the one resend after a refused token.
    hal::Status perform(Call& call, hal::Millis deadline);
    hal::Status settle_token(Call& call, hal::Status status, hal::Millis deadline);
    hal::Status attempt(Call& call, hal::Millis deadline);
    hal::Status read_response(Call& call, const http::ResponseHead& head, hal::Millis deadline);
    hal::Status stream_to_sink(Call& call, const http::ResponseHead& head, hal::Millis deadline);
    hal::Result<std::string_view> next_piece(hal::Millis deadline);
    hal::Status conclude(const http::ResponseHead& head, const ResponseReader& reader);
    // Records the outcome of the call in progress.
    hal::Status fail(hal::Status status);
    // Refuses a call before anything is sent (input checks).
    hal::Status reject(hal::Status status);
    hal::Result<uint64_t> send_text_query(std::string_view text, int type_id, hal::Millis deadline);
    // `text` read whole into work_.body() (the query form of send_text).
    hal::Result<std::string_view> read_whole(const text::TextReader& text);
    void log_outcome(const Call& call) const;

    http::HttpClient& http_;
    hal::Clock& clock_;
    ClientConfig config_;
    AccessTokenProvider* tokens_;
    ParleyWorkspace& work_;
    hal::Status config_status_;  // check_config's verdict on config_, made once
    ApiError last_error_;
    text::BoundedText<kMaxIdTextLength> media_id_;
};

}  // namespace net::parley
