// ServiceApi: the handful of calls the messenger makes to the service, as a seam so its
// state machine is tested against a fake with exact failures, and runs on a device over
// net::parley::ParleyClient (parley_service_api.h). Every call is one network operation
// bounded by its deadline; last_error() tells how the last one ended.
#pragma once

#include <cstdint>
#include <string_view>

#include "firmware/outbox/outbox_types.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/time.h"
#include "net/http/body_stream.h"
#include "net/parley/api_error.h"
#include "net/parley/endpoint_results.h"
#include "net/parley/message.h"
#include "net/parley/message_page.h"

namespace firmware::messenger {

class ServiceApi {
  public:
    // POST devices with this device's registration.
    virtual hal::Status subscribe(hal::Millis deadline) = 0;
    // POST messages for an outbox entry (its text, or its uploaded media); the message id.
    virtual hal::Result<uint64_t> send(const outbox::Entry& entry, hal::Millis deadline) = 0;
    // GET messages: the newest page, each message to `handler`.
    virtual hal::Status newest_messages(net::parley::MessageHandler& handler,
                                        net::parley::PageResult* page, hal::Millis deadline) = 0;
    // GET messages/after:{id}, each message to `handler`.
    virtual hal::Status messages_after(uint64_t id, net::parley::MessageHandler& handler,
                                       net::parley::PageResult* page, hal::Millis deadline) = 0;
    // GET messages/before:{id}: the newest page of messages below the id.
    virtual hal::Status messages_before(uint64_t id, net::parley::MessageHandler& handler,
                                        net::parley::PageResult* page, hal::Millis deadline) = 0;
    // GET messages/{id}: the one message to `handler`. kNotFound: the service has none;
    // kTooLarge: it does not fit this device's decoder (reported to on_skipped).
    virtual hal::Status message(uint64_t id, net::parley::MessageHandler& handler,
                                hal::Millis deadline) = 0;
    // POST services/event/startTyping or stopTyping.
    virtual hal::Status typing(bool start, hal::Millis deadline) = 0;
    // PUT messages/status/{3,4} (Parley v1.9): mark up to kMaxStatusIds messages.
    // kUnsupported (the default): this service has no such endpoint.
    virtual hal::Status mark(net::parley::DeliveryStatus /*status*/,
                             hal::Span<const uint64_t> /*ids*/, hal::Millis /*deadline*/) {
        return hal::Status::kUnsupported;
    }
    // GET messages/unseen/count (Parley v1.9). kUnsupported (the default): none here.
    virtual hal::Status unseen_count(net::parley::UnseenCount* /*out*/, hal::Millis /*deadline*/) {
        return hal::Status::kUnsupported;
    }
    // GET media/{year}/{month}/{day}/{file} (docs/protocol.md §6.7): a message's media,
    // or the media file its legacy `image` path names, streamed to `sink`.
    // kUnsupported (the default): this device does not download.
    virtual hal::Status download_media(const net::parley::Media& /*media*/,
                                       net::http::BodySink& /*sink*/, hal::Millis /*deadline*/) {
        return hal::Status::kUnsupported;
    }
    virtual hal::Status download_image(std::string_view /*image*/, net::http::BodySink& /*sink*/,
                                       hal::Millis /*deadline*/) {
        return hal::Status::kUnsupported;
    }
    virtual const net::parley::ApiError& last_error() const = 0;

  protected:
    ~ServiceApi() = default;
};

}  // namespace firmware::messenger
