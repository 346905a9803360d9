// Attachments of received messages, as the kiosk downloads them (kiosk.h, "Downloads"):
// which messages have one and what to call it, the small queue of those waiting for the
// loop (a message arrives inside a fetch, when the connection is busy), and the sink that
// checks the size limit and counts bytes on their way to the board's store. No heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/kiosk/kiosk_config.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/http/body_stream.h"
#include "net/http/http_config.h"
#include "net/parley/message.h"
#include "net/text/bounded_text.h"

namespace firmware::apps::kiosk {

class KioskDownloads;  // kiosk.h
class KioskProgress;   // kiosk.h

// The message carries a file: a media object with a download path, or a legacy image.
bool has_attachment(const net::parley::Message& m);
// What to call it: the media's file name, else the legacy image path's last segment.
std::string_view attachment_name(const net::parley::Message& m);
// "image" for an image/* type, "file" for any other (a PDF); a legacy image with no
// type is an "image".
std::string_view attachment_kind(std::string_view mime_type, bool legacy_image);

// One attachment waiting to be downloaded: the parts of its path, or the legacy path.
struct PendingAttachment {
    bool legacy_image = false;  // `image` holds the path; else the media parts below
    uint8_t attempts = 0;       // downloads tried so far
    net::text::BoundedText<8> year;
    net::text::BoundedText<8> month;
    net::text::BoundedText<8> day;
    net::text::BoundedText<net::parley::kMaxFilenameLength> filename;
    net::text::BoundedText<net::parley::kMaxMimeTypeLength> mime_type;
    net::text::BoundedText<net::parley::kMaxUrlLength> image;

    // Fills `out` with the media this download asks for (not a legacy image).
    void media(net::parley::Media* out) const;
    std::string_view name() const;
    std::string_view kind() const { return attachment_kind(mime_type.view(), legacy_image); }
};

// Oldest first, kKioskPendingDownloads at most.
class PendingAttachments {
  public:
    // False when the queue is full (the attachment is not downloaded).
    bool push(const net::parley::Message& m);
    bool push(const PendingAttachment& item);
    bool empty() const { return count_ == 0; }
    size_t size() const { return count_; }
    // The oldest, taken off the queue (a copy: the queue may take it back for a retry).
    PendingAttachment take();

  private:
    PendingAttachment* slot();

    PendingAttachment items_[kKioskPendingDownloads];
    size_t head_ = 0;
    size_t count_ = 0;
};

// Streams one download to the store: refuses a body over `limit` bytes (at once when
// the length is announced, else when the bytes pass it), opens the store at the first
// byte's head, and reports progress (total 0: the length is unknown).
class DownloadSink final : public net::http::BodySink {
  public:
    DownloadSink(KioskDownloads& store, std::string_view name, uint64_t limit,
                 KioskProgress& progress)
        : store_(store), name_(name), limit_(limit), progress_(progress) {}

    hal::Status begin(const net::http::BodyInfo& info) override;
    hal::Status write(hal::ConstByteSpan piece) override;

    // The store holds a file of this download (to commit or discard).
    bool opened() const { return opened_; }
    uint64_t received() const { return received_; }
    // kOk, or why this sink stopped the download: kTooLarge (over the limit) or the
    // store's error (its words in KioskDownloads::error()).
    hal::Status refusal() const { return refusal_; }
    std::string_view content_type() const { return content_type_.view(); }

  private:
    KioskDownloads& store_;
    std::string_view name_;
    uint64_t limit_;
    KioskProgress& progress_;
    bool opened_ = false;
    uint64_t total_ = 0;
    uint64_t received_ = 0;
    hal::Status refusal_ = hal::Status::kOk;
    net::text::BoundedText<net::http::kMaxContentTypeLength> content_type_;
};

}  // namespace firmware::apps::kiosk
