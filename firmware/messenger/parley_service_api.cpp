#include "firmware/messenger/parley_service_api.h"

#include "firmware/outbox/entry_text.h"

namespace firmware::messenger {

hal::Result<uint64_t> ParleyServiceApi::send(const outbox::Entry& entry, hal::Millis deadline) {
    if (!entry.media_id.empty()) {
        return client_.send_media_message(entry.media_id, entry.media_description, deadline);
    }
    const auto type = entry.type_id == outbox::kTypeSilentSystemMessage
                          ? net::parley::MessageType::kUserSilent
                          : net::parley::MessageType::kUser;
    const outbox::EntryText text(entry);  // read from flash in pieces as it is sent
    return client_.send_text(text, type, deadline);
}

}  // namespace firmware::messenger
