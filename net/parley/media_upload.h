// A media upload (POST media, docs/protocol.md §6.6) as multipart/form-data with one part
// named "media": the bytes come from the caller's MediaSource piece by piece and go out
// through the HTTP client's working buffer, so a 10 MB file needs no RAM of its own.
// The framing (boundary line, part headers, closing boundary) is written once into a
// small buffer and its length is known up front, which gives an exact Content-Length.
// The boundary is fixed unless the caller supplies one (the client has no entropy):
// a file that contains the boundary line itself would be cut short by the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/http/resendable_source.h"

namespace net::parley {

// Where the file's bytes come from (flash, an SD card, a camera buffer).
class MediaSource {
  public:
    // Writes the next bytes into `out` (never empty) and returns how many (>= 1).
    virtual hal::Result<size_t> read(hal::ByteSpan out) = 0;
    // Back to the first byte, for the one resend after a refused token; an error
    // (kUnsupported for a one-shot stream) makes that resend impossible.
    virtual hal::Status rewind() = 0;

  protected:
    ~MediaSource() = default;
};

class UploadProgress {
  public:
    // As each piece of the file is handed to the HTTP client: file bytes so far of
    // `total`. Starts again from 0 when the upload is resent after a refused token.
    virtual void on_progress(uint64_t sent, uint64_t total) = 0;

  protected:
    ~UploadProgress() = default;
};

struct MediaUpload {
    MediaSource* source = nullptr;
    uint64_t size = 0;                   // exact file size: 1..kMaxMediaSize
    std::string_view filename;           // 1..kMaxFilenameLength bytes, no '"', '\' or controls
    std::string_view mime_type;          // image/jpeg, image/png, image/gif or application/pdf
    UploadProgress* progress = nullptr;  // optional
    std::string_view boundary;           // optional: 1..70 of [A-Za-z0-9'()+_,-./:=?]
};

constexpr std::string_view kDefaultBoundary = "parley-embedded-6c1f0e93b7a2d5481fe0";

class MultipartSource final : public http::ResendableSource {
  public:
    // Writes the framing for `upload` (already checked with check_media_upload) into
    // `framing`; kBufferTooSmall when it does not fit. Views into `framing` and the
    // upload's source and progress must outlive the source.
    hal::Status prepare(const MediaUpload& upload, hal::CharSpan framing);

    // "multipart/form-data; boundary=..." for the request's Content-Type.
    std::string_view content_type() const { return content_type_; }
    uint64_t length() const { return head_.size() + size_ + tail_.size(); }
    // Back to the start (the media source too), for a resend.
    hal::Status rewind() override;

    hal::Result<size_t> read(hal::ByteSpan out) override;

  private:
    enum class Part : uint8_t { kHead, kData, kTail, kDone };

    size_t copy(std::string_view from, hal::ByteSpan out, Part next);
    hal::Result<size_t> read_data(hal::ByteSpan out);

    MediaSource* source_ = nullptr;
    UploadProgress* progress_ = nullptr;
    uint64_t size_ = 0;
    uint64_t sent_ = 0;
    std::string_view content_type_;
    std::string_view head_;
    std::string_view tail_;
    Part part_ = Part::kHead;
    size_t offset_ = 0;
};

}  // namespace net::parley
