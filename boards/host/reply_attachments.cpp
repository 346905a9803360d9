#include "boards/host/reply_attachments.h"

#include <cstdio>

#include "boards/host/console_format.h"
#include "boards/host/download_folder.h"
#include "boards/host/host_device.h"
#include "hal/format.h"
#include "net/parley/legacy_image.h"

namespace boards::host {
namespace {

// The body into a DownloadFolder, refused over `limit` bytes (at once when announced).
class FolderSink final : public net::http::BodySink {
  public:
    FolderSink(DownloadFolder& folder, const std::string& name, uint64_t limit)
        : folder_(folder), name_(name), limit_(limit) {}

    hal::Status begin(const net::http::BodyInfo& info) override {
        content_type_ = std::string(info.content_type);
        if (info.has_length && info.length > limit_) return refuse_size();
        if (!folder_.open(name_, &error_)) return hal::Status::kFlashError;
        opened_ = true;
        return hal::Status::kOk;
    }
    hal::Status write(hal::ConstByteSpan piece) override {
        if (piece.size() > limit_ - received_) return refuse_size();
        if (!folder_.write(piece.data(), piece.size(), &error_)) return hal::Status::kFlashError;
        received_ += piece.size();
        return hal::Status::kOk;
    }

    bool opened() const { return opened_; }
    uint64_t received() const { return received_; }
    const std::string& error() const { return error_; }
    const std::string& content_type() const { return content_type_; }

  private:
    hal::Status refuse_size() {
        char size[32];
        const size_t n = hal::format_size(hal::CharSpan(size), limit_);
        error_ = "larger than the " + std::string(size, n < sizeof size ? n : sizeof size - 1) +
                 " limit";
        return hal::Status::kTooLarge;
    }

    DownloadFolder& folder_;
    const std::string& name_;
    uint64_t limit_;
    bool opened_ = false;
    uint64_t received_ = 0;
    std::string error_;
    std::string content_type_;
};

std::string reason(hal::Status status, const FolderSink& sink) {
    if (!sink.error().empty()) return sink.error();
    if (status == hal::Status::kInvalidArgument) return "not a file of this service";
    if (status == hal::Status::kNotFound) return "the service no longer has it";
    if (status == hal::Status::kUnsupported) return "this build cannot download";
    return explain(status);
}

}  // namespace

void ReplyAttachments::note(const net::parley::Message& m) {
    Item item;
    if (m.media.present && !m.media.filename.empty()) {
        item.media = m.media;
        item.name = std::string(m.media.filename.view());
        item.mime_type = std::string(m.media.mime_type.view());
    } else if (!m.media.present && !m.image.empty()) {
        item.legacy_image = true;
        item.image = std::string(m.image.view());
        item.name = std::string(net::parley::image_file_name(m.image.view()));
    } else {
        return;
    }
    items_.push_back(std::move(item));
}

size_t ReplyAttachments::save_all(firmware::messenger::Messenger& messenger, hal::Clock& clock,
                                  const std::string& dir, uint64_t limit, hal::Millis timeout_ms) {
    size_t saved = 0;
    for (const Item& item : items_) {
        DownloadFolder folder(dir);
        FolderSink sink(folder, item.name, limit);
        const hal::Millis deadline = clock.now_ms() + timeout_ms;
        hal::Status status = item.legacy_image
                                 ? messenger.download_image(item.image, sink, deadline)
                                 : messenger.download_media(item.media, sink, deadline);
        std::string error;
        if (status == hal::Status::kOk && !sink.opened()) status = hal::Status::kCorrupt;
        if (status == hal::Status::kOk && !folder.commit(&error)) status = hal::Status::kFlashError;
        const std::string kind = attachment_kind(
            sink.content_type().empty() ? item.mime_type : sink.content_type(), item.legacy_image);
        std::string line;
        if (status == hal::Status::kOk) {
            ++saved;
            line = format_attachment_saved(kind, item.name, sink.received(), folder.saved_as());
        } else {
            line = format_attachment_not_saved(kind, item.name,
                                               error.empty() ? reason(status, sink) : error);
        }
        std::fputs(line.c_str(), stdout);
        std::fflush(stdout);
    }
    items_.clear();
    return saved;
}

}  // namespace boards::host
