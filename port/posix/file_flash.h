// FileFlash: hal::Flash backed by a file, so that a host build keeps its settings and
// outbox across runs. It enforces NOR physics (erase to 0xFF, program turns 1 bits into
// 0 only) and counts erases per sector in memory; power cuts are the test fake's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/flash.h"
#include "hal/span.h"
#include "hal/status.h"
#include "port/posix/file_io.h"

namespace port::posix {

// Erase counters live in a fixed array: a geometry with more sectors is refused.
constexpr uint32_t kMaxFlashSectors = 256;

class FileFlash final : public hal::Flash {
  public:
    // `path` is copied; nothing touches the file before open().
    FileFlash(std::string_view path, hal::FlashGeometry geometry);
    ~FileFlash() { close(); }
    FileFlash(const FileFlash&) = delete;
    FileFlash& operator=(const FileFlash&) = delete;

    // Opens the backing file, creating it fully erased (0xFF) if it does not exist.
    // A file of another size is kCorrupt and left untouched: it may hold the only copy
    // of a device's data under a different geometry. A bad geometry or path is
    // kInvalidArgument; kFailedPrecondition if already open; I/O errors kFlashError.
    hal::Status open();
    void close();
    bool is_open() const { return fd_ >= 0; }

    hal::FlashGeometry geometry() const override { return geometry_; }

    // Every erase and program is followed by fdatasync: a NOR write that returned is
    // durable, and the power-loss-safe stores above rely on exactly that. Calls before
    // open() are kFailedPrecondition.
    hal::Status erase(uint32_t sector) override;
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override;

    // Reads need no program_unit alignment, only bounds.
    hal::Status read(uint32_t address, hal::ByteSpan out) override;

    // Successful erases of `sector` since construction (0 for a sector out of range).
    uint32_t erase_count(uint32_t sector) const;

  private:
    bool geometry_valid() const;
    hal::Status check_erased_enough(uint32_t address, hal::ConstByteSpan data);
    hal::Status sync();

    PathBuffer path_{};
    bool path_valid_ = false;
    hal::FlashGeometry geometry_;
    int fd_ = -1;
    uint32_t erase_counts_[kMaxFlashSectors] = {};
};

}  // namespace port::posix
