#include "boards/host/download_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "net/text/utf8.h"

namespace boards::host {
namespace {

constexpr unsigned kMaxNumberedNames = 999;  // photo-1.jpg .. photo-999.jpg
constexpr char kTempTemplate[] = ".parley-download-XXXXXX";

bool is_unsafe_byte(unsigned char c) {
    return c < 0x20 || c == 0x7f || c == '/' || c == '\\';
}

// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary.
size_t utf8_prefix(const std::string& text, size_t limit) {
    if (text.size() <= limit) return text.size();
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return end;
}

std::string with_error(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

std::string safe_file_name(std::string_view name) {
    const bool utf8 = net::text::count_code_points(name).ok();
    std::string out;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        out += is_unsafe_byte(byte) || (!utf8 && byte >= 0x80) ? '_' : c;
    }
    for (size_t i = 0; i < out.size() && out[i] == '.'; ++i)
        out[i] = '_';
    if (out.size() > kMaxSafeFileNameBytes) {
        const size_t dot = out.rfind('.');
        const std::string ext =
            dot != std::string::npos && out.size() - dot <= 16 ? out.substr(dot) : std::string();
        const std::string stem = out.substr(0, out.size() - ext.size());
        out = stem.substr(0, utf8_prefix(stem, kMaxSafeFileNameBytes - ext.size())) + ext;
    }
    return out.empty() ? "attachment" : out;
}

std::string numbered_file_name(const std::string& name, unsigned n) {
    const size_t dot = name.rfind('.');
    const std::string suffix = "-" + std::to_string(n);
    if (dot == std::string::npos || dot == 0) return name + suffix;
    return name.substr(0, dot) + suffix + name.substr(dot);
}

bool make_directories(const std::string& dir, std::string* error) {
    for (size_t i = 1; i <= dir.size(); ++i) {
        if (i != dir.size() && dir[i] != '/') continue;
        const std::string part = dir.substr(0, i);
        if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) {
            *error = with_error("cannot create the folder", part);
            return false;
        }
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        *error = dir + " is not a folder";
        return false;
    }
    return true;
}

bool DownloadFolder::open(std::string_view name, std::string* error) {
    discard();
    saved_as_.clear();
    if (!make_directories(dir_, error)) return false;
    name_ = safe_file_name(name);
    std::string path = dir_ + "/" + kTempTemplate;
    fd_ = ::mkstemp(path.data());
    if (fd_ < 0) {
        *error = with_error("cannot write in", dir_);
        return false;
    }
    temp_path_ = path;
    return true;
}

bool DownloadFolder::write(const void* data, size_t size, std::string* error) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(fd_, bytes, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            *error = with_error("cannot write", temp_path_);
            return false;
        }
        bytes += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// The complete file appears at once under the first free name: link() fails with EEXIST
// rather than replace a file, so one that appears meanwhile is never overwritten. The
// file keeps mkstemp's mode 0600 (only this user reads it).
bool DownloadFolder::commit(std::string* error) {
    if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
        fd_ = -1;
        *error = with_error("cannot write", temp_path_);
        return false;
    }
    fd_ = -1;
    for (unsigned n = 0; n <= kMaxNumberedNames; ++n) {
        const std::string path = dir_ + "/" + (n == 0 ? name_ : numbered_file_name(name_, n));
        if (::link(temp_path_.c_str(), path.c_str()) == 0) {
            (void)::unlink(temp_path_.c_str());
            temp_path_.clear();
            saved_as_ = path;
            return true;
        }
        if (errno != EEXIST) {
            *error = with_error("cannot save", path);
            return false;
        }
    }
    *error = "no free name for " + name_ + " in " + dir_;
    return false;
}

void DownloadFolder::discard() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_path_.empty()) (void)::unlink(temp_path_.c_str());
    temp_path_.clear();
}

}  // namespace boards::host
