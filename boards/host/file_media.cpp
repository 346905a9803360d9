#include "boards/host/file_media.h"

#include <algorithm>
#include <cctype>

namespace host {

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
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr || std::fseek(file_, 0, SEEK_END) != 0) {
        *error = "cannot read " + path;
        return false;
    }
    const long size = std::ftell(file_);
    std::rewind(file_);
    if (size <= 0) {
        *error = path + " is empty";
        return false;
    }
    size_ = static_cast<uint64_t>(size);
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

}  // namespace host
