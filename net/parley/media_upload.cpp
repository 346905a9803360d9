#include "net/parley/media_upload.h"
#include "net/text/slice.h"

#include <cstring>

#include "net/http/buffer_writer.h"

namespace net::parley {
namespace {

constexpr std::string_view kCrLf = "\r\n";
constexpr std::string_view kDashes = "--";

}  // namespace

hal::Status MultipartSource::prepare(const MediaUpload& upload, hal::CharSpan framing) {
    const std::string_view boundary = upload.boundary.empty() ? kDefaultBoundary : upload.boundary;
    http::BufferWriter out(framing);
    out.append("multipart/form-data; boundary=").append(boundary);
    const size_t content_type_end = out.size();
    out.append(kDashes).append(boundary).append(kCrLf);
    out.append("Content-Disposition: form-data; name=\"media\"; filename=\"");
    out.append(upload.filename).append('"').append(kCrLf);
    out.append("Content-Type: ").append(upload.mime_type).append(kCrLf).append(kCrLf);
    const size_t head_end = out.size();
    out.append(kCrLf).append(kDashes).append(boundary).append(kDashes).append(kCrLf);
    HAL_TRY(out.status());
    const std::string_view text = out.view();
    content_type_ = text::slice(text, 0, content_type_end);
    head_ = text::slice(text, content_type_end, head_end - content_type_end);
    tail_ = text::slice(text, head_end);
    source_ = upload.source;
    progress_ = upload.progress;
    size_ = upload.size;
    part_ = Part::kHead;
    offset_ = 0;
    sent_ = 0;
    return hal::Status::kOk;
}

hal::Status MultipartSource::rewind() {
    part_ = Part::kHead;
    offset_ = 0;
    sent_ = 0;
    return source_ != nullptr ? source_->rewind() : hal::Status::kFailedPrecondition;
}

hal::Result<size_t> MultipartSource::read(hal::ByteSpan out) {
    switch (part_) {
        case Part::kHead:
            return copy(head_, out, Part::kData);
        case Part::kData:
            return read_data(out);
        case Part::kTail:
            return copy(tail_, out, Part::kDone);
        case Part::kDone:
            break;
    }
    return size_t{0};
}

size_t MultipartSource::copy(std::string_view from, hal::ByteSpan out, Part next) {
    const std::string_view rest = text::slice(from, offset_);
    const size_t n = rest.size() < out.size() ? rest.size() : out.size();
    std::memcpy(out.data(), rest.data(), n);
    offset_ += n;
    if (offset_ == from.size()) {
        part_ = (next == Part::kData && size_ == 0) ? Part::kTail : next;
        offset_ = 0;
    }
    return n;
}

hal::Result<size_t> MultipartSource::read_data(hal::ByteSpan out) {
    const uint64_t left = size_ - sent_;
    const hal::ByteSpan room =
        out.first(left < out.size() ? static_cast<size_t>(left) : out.size());
    const hal::Result<size_t> got = source_->read(room);
    if (!got.ok()) return got.status();
    // A source that ends early (or overruns) would break the declared Content-Length.
    if (got.value() == 0 || got.value() > room.size()) return hal::Status::kInvalidArgument;
    sent_ += got.value();
    if (sent_ == size_) part_ = Part::kTail;
    if (progress_ != nullptr) progress_->on_progress(sent_, size_);
    return got.value();
}

}  // namespace net::parley
