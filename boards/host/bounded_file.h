// Bounded reads of the files the host apps are given (CA bundle, config file,
// credentials, attachments, identity and flash images, /proc/uptime). Every path comes
// from a user, so it may name a directory, a device that never ends (/dev/zero), a FIFO
// nobody writes to or a huge file: each is refused with a one-line reason naming the
// path, before anything blocks or reads without bound. Host-only code (std::string).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace boards::host {

// Reads all of `path`, which must be a regular file of at most `max_bytes` bytes, into
// `out`. False with a reason in `error` ("'PATH' is a directory", "... is 2 MiB; the
// limit is ...", "... does not exist", ...). Never blocks on a FIFO, never reads more
// than max_bytes + 1 bytes (a /proc file says size 0 and is read with the same cap).
bool read_bounded_file(const std::string& path, size_t max_bytes, std::string* out,
                       std::string* error);

// Reads what the open descriptor `fd` (stdin: a pipe or a terminal) gives until its end,
// at most `max_bytes` bytes: more is refused as too large without waiting for the end.
// `name` is how the reason calls the input ("stdin").
bool read_bounded_stream(int fd, const char* name, size_t max_bytes, std::string* out,
                         std::string* error);

// Opens `path` for reading when it is a regular file of at most `max_bytes` bytes: the
// descriptor (the caller closes it) and its size; -1 with a reason otherwise.
int open_bounded_file(const std::string& path, uint64_t max_bytes, uint64_t* size,
                      std::string* error);

// For files another layer opens itself (the flash and identity images): true when
// `path` does not exist (it will be created) or is a regular file of at most
// `max_bytes` bytes. Does not open the file, so a FIFO cannot block it.
bool check_optional_file(const std::string& path, uint64_t max_bytes, std::string* error);

// "12 345 bytes" / "1 MiB": a size for a message.
std::string describe_size(uint64_t bytes);

}  // namespace boards::host
