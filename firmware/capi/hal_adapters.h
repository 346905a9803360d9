// The C API's HAL callbacks (include/parley/parley.h, parley_hal_t) as the C++ hal::
// interfaces the Device is built from: each adapter keeps a copy of its C struct and
// turns every call into the callback with its context, checking the contract's edges on
// the way (empty buffers, flash ranges, a count larger than the buffer, an error code the
// C side made up) so that a callback's slip is a Status, never undefined behaviour.
// No heap; each adapter is a few words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/clock.h"
#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "hal/flash.h"
#include "hal/log.h"
#include "hal/socket.h"
#include "parley/parley.h"

namespace firmware::capi {

// parley_error_t <-> hal::Status: the same values (parley_capi.cpp static_asserts them).
hal::Status to_status(parley_error_t error);
parley_error_t to_error(hal::Status status);

// kOk when every callback the C++ side calls unconditionally is there.
hal::Status check_hal(const parley_hal_t& hal);

class CSocket final : public hal::Socket {
  public:
    explicit CSocket(const parley_socket_t& c) : c_(c) {}
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    void close() override { c_.close(c_.context); }
    bool is_connected() const override { return c_.is_connected(c_.context); }

  private:
    parley_socket_t c_;
};

class CClock final : public hal::Clock {
  public:
    explicit CClock(const parley_clock_t& c) : c_(c) {}
    hal::Millis now_ms() override { return c_.now_ms(c_.context); }
    hal::Result<int64_t> wall_seconds() override;
    void set_wall_seconds(int64_t seconds) override;

  private:
    parley_clock_t c_;
};

class CEntropy final : public hal::Entropy {
  public:
    explicit CEntropy(const parley_entropy_t& c) : c_(c) {}
    hal::Status fill(hal::ByteSpan out) override;

  private:
    parley_entropy_t c_;
};

class CFlash final : public hal::Flash {
  public:
    explicit CFlash(const parley_flash_t& c) : c_(c) {}
    hal::FlashGeometry geometry() const override {
        return {c_.sector_size, c_.sector_count, c_.program_unit};
    }
    hal::Status erase(uint32_t sector) override;
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override;
    hal::Status read(uint32_t address, hal::ByteSpan out) override;

  private:
    parley_flash_t c_;
};

class CLog final : public hal::Log {
  public:
    explicit CLog(const parley_log_t& c) : c_(c) {}
    bool present() const { return c_.write != nullptr; }
    void write(hal::LogLevel level, std::string_view module, std::string_view message) override;

  private:
    parley_log_t c_;
};

class CIdentity final : public hal::DeviceIdentity {
  public:
    explicit CIdentity(const parley_identity_t& c) : c_(c) {}
    hal::ConstByteSpan hardware_id() override { return {c_.hardware_id, c_.hardware_id_size}; }
    hal::Status device_key(hal::ByteSpan out) override;

  private:
    parley_identity_t c_;
};

}  // namespace firmware::capi
