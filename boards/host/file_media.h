// FileMedia: a file on the host as an attachment — a net::parley::MediaSource reading
// it piece by piece (no copy in RAM), its size, and its MIME type from the extension
// (jpeg, png, gif, pdf: the types the service accepts).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "net/parley/media_upload.h"

namespace boards::host {

class FileMedia final : public net::parley::MediaSource {
  public:
    FileMedia() = default;
    ~FileMedia();
    FileMedia(const FileMedia&) = delete;
    FileMedia& operator=(const FileMedia&) = delete;

    // Opens `path`; false with a message in `error` when it cannot be read or its type
    // is not one the service accepts.
    bool open(const std::string& path, std::string* error);

    hal::Result<size_t> read(hal::ByteSpan out) override;
    hal::Status rewind() override;

    uint64_t size() const { return size_; }
    const std::string& filename() const { return filename_; }
    const char* mime_type() const { return mime_type_; }

  private:
    std::FILE* file_ = nullptr;
    uint64_t size_ = 0;
    std::string filename_;
    const char* mime_type_ = "";
};

// "image/png" for "x.PNG", ... ; nullptr for types the service refuses.
const char* mime_type_for(const std::string& path);

}  // namespace boards::host
