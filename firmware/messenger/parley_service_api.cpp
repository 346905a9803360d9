#include "firmware/messenger/parley_service_api.h"

namespace firmware {

hal::Result<uint64_t> ParleyServiceApi::send(const outbox::Entry& entry, hal::Millis deadline) {
    if (!entry.media_id.empty()) {
        return client_.send_media_message(entry.media_id, entry.media_description, deadline);
    }
    const auto type = entry.type_id == outbox::kTypeSilentSystemMessage
                          ? net::parley::MessageType::kUserSilent
                          : net::parley::MessageType::kUser;
    return client_.send_text(entry.text, type, deadline);
}

hal::Status ParleyServiceApi::messages_after(uint64_t id, net::parley::MessageHandler& handler,
                                             net::parley::PageResult* page, hal::Millis deadline) {
    if (id == 0) return client_.get_messages(handler, page, deadline);
    return client_.get_messages_after(id, handler, page, deadline);
}

}  // namespace firmware
