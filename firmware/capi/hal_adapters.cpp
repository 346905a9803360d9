#include "firmware/capi/hal_adapters.h"

#include <cstring>

namespace firmware::capi {

hal::Status to_status(parley_error_t error) {
    // A value the enum does not have (a callback's made-up code) is a broken contract.
    if (error < PARLEY_OK || error > PARLEY_ERR_AUTHORIZATION_REQUIRED)
        return hal::Status::kInternal;
    return static_cast<hal::Status>(error);
}

parley_error_t to_error(hal::Status status) {
    return static_cast<parley_error_t>(status);
}

hal::Status check_hal(const parley_hal_t& hal) {
    const parley_socket_t& s = hal.socket;
    const bool socket = s.connect != nullptr && s.send != nullptr && s.recv != nullptr &&
                        s.close != nullptr && s.is_connected != nullptr;
    const parley_flash_t& f = hal.flash;
    const bool flash = f.read != nullptr && f.program != nullptr && f.erase != nullptr &&
                       f.sector_size > 0 && f.sector_count > 0 && f.program_unit > 0;
    const bool identity = hal.identity.device_key != nullptr &&
                          hal.identity.hardware_id != nullptr && hal.identity.hardware_id_size > 0;
    const bool rest = hal.clock.now_ms != nullptr && hal.entropy.fill != nullptr;
    return socket && flash && identity && rest ? hal::Status::kOk : hal::Status::kInvalidArgument;
}

namespace {

// A callback's count: at most what it was given.
hal::Result<size_t> moved(parley_error_t error, size_t done, size_t size) {
    const hal::Status status = to_status(error);
    if (status != hal::Status::kOk) return status;
    if (done > size) return hal::Status::kInternal;
    return done;
}

}  // namespace

hal::Status CSocket::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    if (host.empty() || host.size() > hal::kMaxHostLength) return hal::Status::kInvalidArgument;
    char name[hal::kMaxHostLength + 1];  // the C side gets a NUL-terminated name
    std::memcpy(name, host.data(), host.size());
    name[host.size()] = '\0';
    return to_status(c_.connect(c_.context, name, port, deadline));
}

hal::Result<size_t> CSocket::send(hal::ConstByteSpan data, hal::Millis deadline) {
    if (data.empty()) return hal::Status::kInvalidArgument;
    size_t done = 0;  // read after the call (argument order is unspecified)
    const parley_error_t error = c_.send(c_.context, data.data(), data.size(), deadline, &done);
    return moved(error, done, data.size());
}

hal::Result<size_t> CSocket::recv(hal::ByteSpan out, hal::Millis deadline) {
    if (out.empty()) return hal::Status::kInvalidArgument;
    size_t done = 0;
    const parley_error_t error = c_.recv(c_.context, out.data(), out.size(), deadline, &done);
    return moved(error, done, out.size());
}

hal::Result<int64_t> CClock::wall_seconds() {
    if (c_.wall_seconds == nullptr) return hal::Status::kUnavailable;
    int64_t seconds = 0;
    const hal::Status status = to_status(c_.wall_seconds(c_.context, &seconds));
    if (status != hal::Status::kOk) return status;
    return seconds;
}

void CClock::set_wall_seconds(int64_t seconds) {
    if (c_.set_wall_seconds != nullptr) c_.set_wall_seconds(c_.context, seconds);
}

hal::Status CEntropy::fill(hal::ByteSpan out) {
    if (out.empty()) return hal::Status::kOk;
    return to_status(c_.fill(c_.context, out.data(), out.size()));
}

hal::Status CFlash::erase(uint32_t sector) {
    if (sector >= c_.sector_count) return hal::Status::kInvalidArgument;
    return to_status(c_.erase(c_.context, sector));
}

hal::Status CFlash::program(uint32_t address, hal::ConstByteSpan data) {
    HAL_TRY(hal::check_flash_range(geometry(), address, data.size()));
    if (data.empty()) return hal::Status::kOk;
    return to_status(c_.program(c_.context, address, data.data(), data.size()));
}

hal::Status CFlash::read(uint32_t address, hal::ByteSpan out) {
    const hal::FlashGeometry g = geometry();
    if (out.size() > g.total_size() || address > g.total_size() - out.size())
        return hal::Status::kInvalidArgument;  // reads need no alignment
    if (out.empty()) return hal::Status::kOk;
    return to_status(c_.read(c_.context, address, out.data(), out.size()));
}

void CLog::write(hal::LogLevel level, std::string_view module, std::string_view message) {
    if (c_.write == nullptr) return;
    c_.write(c_.context, static_cast<parley_log_level_t>(level), module.data(), module.size(),
             message.data(), message.size());
}

hal::Status CIdentity::device_key(hal::ByteSpan out) {
    if (out.size() < hal::kDeviceKeySize) return hal::Status::kBufferTooSmall;
    return to_status(c_.device_key(c_.context, out.data(), hal::kDeviceKeySize));
}

}  // namespace firmware::capi
