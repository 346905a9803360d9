// ParleyServiceApi: the messenger's ServiceApi on a real device — each call is one
// net::parley::ParleyClient request. Holds the device's registration for subscribe().
#pragma once

#include "firmware/messenger/messenger_config.h"
#include "firmware/messenger/service_api.h"
#include "net/parley/device_registration.h"
#include "net/parley/parley_client.h"

namespace firmware::messenger {

class ParleyServiceApi final : public ServiceApi {
  public:
    // `registration`'s views must outlive this object.
    ParleyServiceApi(net::parley::ParleyClient& client,
                     const net::parley::DeviceRegistration& registration)
        : client_(client), registration_(registration) {}

    hal::Status subscribe(hal::Millis deadline) override {
        return client_.subscribe_device(registration_, deadline);
    }
    hal::Result<uint64_t> send(const outbox::Entry& entry, hal::Millis deadline) override;
    hal::Status messages_after(uint64_t id, net::parley::MessageHandler& handler,
                               net::parley::PageResult* page, hal::Millis deadline) override {
        return client_.get_messages_after(id, handler, page, deadline);
    }
    hal::Status newest_messages(net::parley::MessageHandler& handler, net::parley::PageResult* page,
                                hal::Millis deadline) override {
        return client_.get_messages(handler, page, deadline);
    }
    hal::Status messages_before(uint64_t id, net::parley::MessageHandler& handler,
                                net::parley::PageResult* page, hal::Millis deadline) override {
        return client_.get_messages_before(id, handler, page, deadline);
    }
    hal::Status message(uint64_t id, net::parley::MessageHandler& handler,
                        hal::Millis deadline) override {
        return client_.get_message(id, handler, deadline);
    }
    hal::Status typing(bool start, hal::Millis deadline) override {
        return start ? client_.start_typing(deadline) : client_.stop_typing(deadline);
    }
    hal::Status mark(net::parley::DeliveryStatus status, hal::Span<const uint64_t> ids,
                     hal::Millis deadline) override {
        if (!kReceiptsBuiltIn) return hal::Status::kUnsupported;  // the client's code left out
        return client_.mark_messages(status, ids, deadline);
    }
    hal::Status unseen_count(net::parley::UnseenCount* out, hal::Millis deadline) override {
        if (!kReceiptsBuiltIn) return hal::Status::kUnsupported;
        return client_.unseen_count(out, deadline);
    }
    hal::Status download_media(const net::parley::Media& media, net::http::BodySink& sink,
                               hal::Millis deadline) override {
        if (!kDownloadsBuiltIn) return hal::Status::kUnsupported;  // the client's code left out
        return client_.download_media(media, sink, nullptr, deadline);
    }
    hal::Status download_image(std::string_view image, net::http::BodySink& sink,
                               hal::Millis deadline) override {
        if (!kDownloadsBuiltIn) return hal::Status::kUnsupported;
        return client_.download_image(image, sink, nullptr, deadline);
    }
    const net::parley::ApiError& last_error() const override { return client_.last_error(); }

  private:
    net::parley::ParleyClient& client_;
    const net::parley::DeviceRegistration& registration_;
};

}  // namespace firmware::messenger
