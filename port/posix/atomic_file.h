// AtomicFileWriter: creates or replaces a file so that a crash at any moment leaves
// either the old file (or none) or the complete new one, never a torn mix: the bytes go
// to "<path>.tmp", are synced, then renamed over <path>. One writer per path at a time.
#pragma once

#include <sys/types.h>

#include "hal/span.h"
#include "hal/status.h"
#include "port/posix/file_io.h"

namespace port::posix {

class AtomicFileWriter {
  public:
    AtomicFileWriter() = default;
    ~AtomicFileWriter() { abandon(); }
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    // Starts the temporary file with permissions exactly `mode` (the umask does not
    // widen them, and a stale temporary file from a crash is truncated and re-permissioned).
    hal::Status begin(const char* path, mode_t mode);

    // Appends bytes; may be called several times.
    hal::Status write(hal::ConstByteSpan data);

    // Appends `size` copies of `value` (a blank flash image, for instance).
    hal::Status fill(uint64_t size, uint8_t value);

    // Syncs, closes and renames into place, then syncs the directory so the rename
    // itself survives a crash. After a failure the temporary file is removed.
    hal::Status commit();

  private:
    void abandon();

    PathBuffer path_{};
    char temp_path_[kMaxPathLength + 5]{};  // path_ + ".tmp"
    int fd_ = -1;
    uint64_t size_ = 0;
};

}  // namespace port::posix
