// ReplyAttachments: parley-ticket's downloads. A reply with an attachment (media or a
// legacy image path) is noted while the messenger delivers it (the connection is busy
// then); once the ticket app has returned, each noted attachment is downloaded through
// the messenger into the --download-dir folder (DownloadFolder) and said with the kiosk's
// words: "[image: photo.jpg, 34 KB, saved to DIR/photo.jpg]" or "..., not saved: why]".
// No retry: the ticket ends here. Host-only code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firmware/messenger/messenger.h"
#include "net/parley/message.h"

namespace boards::host {

class ReplyAttachments {
  public:
    // Notes the message's attachment, if it has one.
    void note(const net::parley::Message& m);
    bool empty() const { return items_.empty(); }
    // Downloads each (at most `limit` bytes, each within `timeout_ms`) and prints its line
    // to stdout. Returns the number saved.
    size_t save_all(firmware::messenger::Messenger& messenger, hal::Clock& clock,
                    const std::string& dir, uint64_t limit, hal::Millis timeout_ms);

  private:
    struct Item {
        bool legacy_image = false;
        net::parley::Media media;  // the download path (legacy: empty)
        std::string image;         // the legacy path
        std::string name;
        std::string mime_type;
    };
    std::vector<Item> items_;
};

}  // namespace boards::host
