// DownloadFolder: attachments the service desk sends, kept as files in one folder on the
// host (--download-dir). The service's file name is made safe (safe_file_name), the bytes
// go to a hidden temporary file in the folder, and only a complete download is linked
// under its name — never over an existing file ("photo.jpg" taken: "photo-1.jpg"). The
// folder is created when missing. Host-only code: may use std::string.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace boards::host {

// `name` as a file name: no path separators, no leading '.' (no "..", no hidden file),
// no control characters, valid UTF-8 (other bytes become '_'), at most
// kMaxSafeFileNameBytes bytes (cut before the extension at a character boundary);
// "attachment" when nothing is left.
constexpr size_t kMaxSafeFileNameBytes = 128;
std::string safe_file_name(std::string_view name);

// "photo.jpg" -> "photo-2.jpg" (n > 0), "notes" -> "notes-2".
std::string numbered_file_name(const std::string& name, unsigned n);

class DownloadFolder {
  public:
    explicit DownloadFolder(std::string dir) : dir_(std::move(dir)) {}
    ~DownloadFolder() { discard(); }
    DownloadFolder(const DownloadFolder&) = delete;
    DownloadFolder& operator=(const DownloadFolder&) = delete;

    // Starts a file for `name` (the service's, made safe); false with `error` set.
    bool open(std::string_view name, std::string* error);
    bool write(const void* data, size_t size, std::string* error);
    // Makes the file visible under a free name: its path in saved_as().
    bool commit(std::string* error);
    // Removes the unfinished file (nothing after commit).
    void discard();

    const std::string& saved_as() const { return saved_as_; }
    const std::string& dir() const { return dir_; }

  private:
    std::string dir_;
    std::string name_;       // safe
    std::string temp_path_;  // while a download is open
    int fd_ = -1;
    std::string saved_as_;
};

// Creates `dir` and its missing parents (mode 0700 for the ones it makes).
bool make_directories(const std::string& dir, std::string* error);

}  // namespace boards::host
