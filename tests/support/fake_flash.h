// FakeFlash: a hal::Flash in RAM that enforces NOR physics (erase to 0xFF, program only
// 1 -> 0 else kFlashNotErased, program_unit alignment), counts erases and operations, and
// misbehaves on request: faults at the Nth operation, power cut after it, torn programs
// (first K bytes land) and torn erases. Storage inside the object, no heap; tests only.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/flash.h"
#include "hal/span.h"
#include "hal/status.h"

namespace test {

class FakeFlash final : public hal::Flash {
  public:
    static constexpr uint32_t kMaxBytes = 64 * 1024;
    static constexpr uint32_t kMaxSectors = 64;
    static constexpr uint32_t kTraceCapacity = 4096;
    static constexpr uint32_t kNever = UINT32_MAX;

    enum class Kind : uint8_t { kProgram, kErase };

    // One mutating call as it was asked for. Operations are numbered from 1 in call order.
    struct Operation {
        Kind kind;
        uint32_t address;  // an erase: the sector's first byte
        uint32_t size;     // an erase: the sector size
    };

    // How the interrupted operation ends when power is cut during it.
    struct Tear {
        // A program: how many bytes of the request land. An erase: how many bytes from the
        // start of the sector are erased (the rest keeps its old content).
        uint32_t landed_bytes = 0;
        // The byte after the landed ones is half done: a program clears only the low
        // nibble's bits, an erase sets only the high nibble's.
        bool partial_byte = false;
        // An erase only: the sector is left holding pseudo-random bytes instead.
        bool garbage = false;
    };

    // A geometry beyond kMaxBytes / kMaxSectors, or one with a zero field, makes every call
    // kInvalidArgument (and valid() false). The device starts fully erased.
    explicit FakeFlash(hal::FlashGeometry geometry);

    bool valid() const { return valid_; }
    hal::FlashGeometry geometry() const override { return geometry_; }
    hal::Status erase(uint32_t sector) override;
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override;
    hal::Status read(uint32_t address, hal::ByteSpan out) override;

    // The raw image, for tests and fuzzers to load, inspect or damage; not an operation.
    hal::ByteSpan image() { return hal::ByteSpan(bytes_, geometry_.total_size()); }

    // Mutating calls so far (refused ones included), erases per sector (successful ones),
    // and the record of operation `number` (1-based; the first kTraceCapacity are kept).
    uint32_t operations() const { return operations_; }
    uint32_t erase_count(uint32_t sector) const;
    Operation operation(uint32_t number) const;
    void reset_counters();

    // Faults, each at one operation number: the operation fails with `status` and
    // changes nothing; or (weak program) it lands with one bit left at 1 and reports kOk,
    // as a worn cell does, so only a read-back notices.
    void fail_operation(uint32_t number, hal::Status status = hal::Status::kFlashError);
    void weaken_program(uint32_t number);
    // From operation `number` on, every operation fails with kFlashError (a dead part).
    void fail_from(uint32_t number);

    // Power: operations after `number` fail with kFlashError and change nothing. With a
    // tear, operation `number` itself is interrupted as described (and fails too).
    void cut_power_after(uint32_t number);
    void cut_power_during(uint32_t number, const Tear& tear);
    // Power back, faults cleared; the image and counters stay (a reboot).
    void restore_power();
    // A new part: fully erased, counters zero, power on, no faults.
    void reset();

  private:
    hal::Status begin(Kind kind, uint32_t address, uint32_t size);
    bool powered_for(uint32_t number) const;
    void tear_program(uint32_t address, hal::ConstByteSpan data);
    void tear_erase(uint32_t start);
    void weak_program(uint32_t address, hal::ConstByteSpan data);

    hal::FlashGeometry geometry_;
    bool valid_;
    uint8_t bytes_[kMaxBytes];
    uint32_t erase_counts_[kMaxSectors] = {};
    Operation trace_[kTraceCapacity] = {};
    uint32_t operations_ = 0;

    uint32_t fail_at_ = kNever;
    hal::Status fail_status_ = hal::Status::kFlashError;
    uint32_t weak_at_ = kNever;
    uint32_t dead_from_ = kNever;
    uint32_t cut_after_ = kNever;
    uint32_t torn_ = kNever;
    Tear tear_{};
};

}  // namespace test
