#include "boards/host/file_media.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "boards/host/bounded_file.h"
#include "net/parley/parley_config.h"

namespace boards::host {

const char* mime_type_for(const std::string& path) {
    const size_t dot = path.rfind('.');
    if (dot == std::string::npos) return nullptr;
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
    if (ext == "png") return "image/png";
    if (ext == "gif") return "image/gif";
    if (ext == "pdf") return "application/pdf";
    return nullptr;
}

FileMedia::~FileMedia() {
    if (file_ != nullptr) std::fclose(file_);
}

bool FileMedia::open(const std::string& path, std::string* error) {
    const char* type = mime_type_for(path);
    if (type == nullptr) {
        *error = path + ": only .jpg, .png, .gif and .pdf files can be attached";
        return false;
    }
    // The service takes files up to kMaxMediaSize: a larger one is refused here, before
    // anything is uploaded (and a directory, FIFO or device never gets that far).
    uint64_t size = 0;
    const int fd = open_bounded_file(path, net::parley::kMaxMediaSize, &size, error);
    if (fd < 0) {
        *error = "cannot attach the file: " + *error;
        return false;
    }
    file_ = ::fdopen(fd, "rb");
    if (file_ == nullptr) {
        ::close(fd);
        *error = "cannot read " + path;
        return false;
    }
    if (size == 0) {
        *error = path + " is empty";
        return false;
    }
    size_ = size;
    const size_t slash = path.rfind('/');
    filename_ = slash == std::string::npos ? path : path.substr(slash + 1);
    mime_type_ = type;
    return true;
}

hal::Result<size_t> FileMedia::read(hal::ByteSpan out) {
    const size_t n = std::fread(out.data(), 1, out.size(), file_);
    if (n == 0) return hal::Status::kCorrupt;  // shorter than its size said
    return n;
}

hal::Status FileMedia::rewind() {
    return std::fseek(file_, 0, SEEK_SET) == 0 ? hal::Status::kOk : hal::Status::kUnsupported;
}

}  // namespace boards::host
