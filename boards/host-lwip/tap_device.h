// TapDevice: a Linux TAP device opened by name, for the host build on lwIP. Moves whole
// Ethernet frames (no packet-info header) between this process and the kernel, without
// blocking except in wait_readable. The device must already exist and be up (the lwIP
// tests create it with `ip tuntap add ... mode tap` inside their own network namespace).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"
#include "hal/time.h"

namespace boards::host_lwip {

class TapDevice {
  public:
    // An Ethernet frame without FCS or VLAN tag: 14-byte header + 1500-byte MTU.
    static constexpr size_t kMaxFrameSize = 1514;

    TapDevice() = default;
    ~TapDevice() { close(); }
    TapDevice(const TapDevice&) = delete;
    TapDevice& operator=(const TapDevice&) = delete;

    // Attaches to the TAP device `name` through /dev/net/tun. Errors: kInvalidArgument
    // (empty or too long a name), kUnavailable (no /dev/net/tun, no permission, or the
    // name belongs to a device of another kind), kFailedPrecondition (already open).
    hal::Status open(const char* name);
    void close();
    bool is_open() const { return fd_ >= 0; }

    // True once a frame is waiting, false when `max_wait_ms` passed first.
    bool wait_readable(hal::Millis max_wait_ms);

    // One received frame into `out` (kMaxFrameSize bytes hold any frame of the device's
    // 1500-byte MTU): its size, or 0 when none is waiting.
    size_t read_frame(hal::ByteSpan out);

    // Sends one frame. kNetworkError when the kernel refuses it (device down, full queue).
    hal::Status write_frame(hal::ConstByteSpan frame);

  private:
    int fd_ = -1;
};

}  // namespace boards::host_lwip
