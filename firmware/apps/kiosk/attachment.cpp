#include "firmware/apps/kiosk/attachment.h"

#include "firmware/apps/kiosk/kiosk.h"
#include "net/parley/legacy_image.h"

namespace firmware::apps::kiosk {

bool has_attachment(const net::parley::Message& m) {
    if (m.media.present) return !m.media.filename.empty();
    return !m.image.empty();
}

std::string_view attachment_name(const net::parley::Message& m) {
    if (m.media.present) return m.media.filename.view();
    return net::parley::image_file_name(m.image.view());
}

std::string_view attachment_kind(std::string_view mime_type, bool legacy_image) {
    constexpr std::string_view kImage = "image/";
    if (mime_type.empty() && legacy_image) return "image";
    return mime_type.substr(0, kImage.size()) == kImage ? "image" : "file";
}

void PendingAttachment::media(net::parley::Media* out) const {
    out->present = true;
    out->id.clear();
    out->description.clear();
    out->mime_type.assign(mime_type.view());
    out->year.assign(year.view());
    out->month.assign(month.view());
    out->day.assign(day.view());
    out->filename.assign(filename.view());
}

std::string_view PendingAttachment::name() const {
    return legacy_image ? net::parley::image_file_name(image.view()) : filename.view();
}

PendingAttachment* PendingAttachments::slot() {
    if (count_ == kKioskPendingDownloads) return nullptr;
    PendingAttachment* item = &items_[(head_ + count_) % kKioskPendingDownloads];
    ++count_;
    return item;
}

bool PendingAttachments::push(const net::parley::Message& m) {
    PendingAttachment* item = slot();
    if (item == nullptr) return false;
    *item = PendingAttachment{};
    item->legacy_image = !m.media.present;
    if (item->legacy_image) {
        item->image.assign(m.image.view());
        return true;
    }
    item->year.assign(m.media.year.view());
    item->month.assign(m.media.month.view());
    item->day.assign(m.media.day.view());
    item->filename.assign(m.media.filename.view());
    item->mime_type.assign(m.media.mime_type.view());
    return true;
}

bool PendingAttachments::push(const PendingAttachment& item) {
    PendingAttachment* free = slot();
    if (free == nullptr) return false;
    *free = item;
    return true;
}

PendingAttachment PendingAttachments::take() {
    const PendingAttachment item = items_[head_];
    head_ = (head_ + 1) % kKioskPendingDownloads;
    --count_;
    return item;
}

hal::Status DownloadSink::begin(const net::http::BodyInfo& info) {
    content_type_.assign(info.content_type);
    if (info.has_length && info.length > limit_) {
        refusal_ = hal::Status::kTooLarge;
        return refusal_;
    }
    total_ = info.has_length ? info.length : 0;
    const hal::Status opened = store_.open(name_, info.content_type);
    if (opened != hal::Status::kOk) {
        refusal_ = opened;
        return opened;
    }
    opened_ = true;
    return hal::Status::kOk;
}

hal::Status DownloadSink::write(hal::ConstByteSpan piece) {
    if (piece.size() > limit_ - received_) {
        refusal_ = hal::Status::kTooLarge;
        return refusal_;
    }
    const hal::Status written = store_.write(piece);
    if (written != hal::Status::kOk) {
        refusal_ = written;
        return written;
    }
    received_ += piece.size();
    progress_.on_progress(received_, total_);
    return hal::Status::kOk;
}

}  // namespace firmware::apps::kiosk
