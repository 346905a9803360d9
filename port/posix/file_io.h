// Small file helpers shared by the file-backed ports: whole-buffer positional reads and
// writes that retry short transfers and EINTR, and NUL-terminated copies of paths.
// Failures are reported as kFlashError: to the layers above, the host's disk is the
// device's non-volatile memory. Nothing here allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace port::posix {

// The longest path a file-backed port accepts (paths are copied into fixed buffers).
constexpr size_t kMaxPathLength = 511;

using PathBuffer = char[kMaxPathLength + 1];

// Copies `path` with a terminating NUL; kInvalidArgument if empty, too long or holding a NUL.
hal::Status copy_path(std::string_view path, PathBuffer& out);

// Reads exactly out.size() bytes at `offset`; end of file first is kFlashError.
hal::Status read_exactly_at(int fd, uint64_t offset, hal::ByteSpan out);

// Writes all of `data` at `offset`.
hal::Status write_exactly_at(int fd, uint64_t offset, hal::ConstByteSpan data);

// Writes `size` bytes of `value` at `offset` (erasing to 0xFF, creating a blank file).
hal::Status fill_at(int fd, uint64_t offset, uint64_t size, uint8_t value);

// Reads from the current position until end of file or until `out` is full; returns
// the byte count. To detect a file longer than expected, pass a buffer one byte larger.
hal::Result<size_t> read_up_to(int fd, hal::ByteSpan out);

}  // namespace port::posix
