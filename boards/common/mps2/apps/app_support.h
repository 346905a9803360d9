// What the board's apps (apps/net_selftest.cpp, apps/ticket.cpp) share: how a failed
// start-up step is reported, and where the CA bundle comes from.
#pragma once

#include <cstddef>
#include <cstdint>

#include "boards/common/mps2/command_line.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/tls/tls_client.h"

namespace boards::mps2_an386 {

// Prints "<app>: FAILED <step>: <status>" on the console; the exit code of a failed run (1).
int report_failure(const char* app, const char* step, hal::Status status);

// The largest CA file ca= may name: one DER certificate (an RSA-4096 root is about 1.4 KB).
constexpr size_t kMaxCaFileSize = 2048;

// Reads the host file `path` (semihosting) into `buffer`; its length.
hal::Result<size_t> read_ca_file(const char* path, hal::ByteSpan buffer);

// Configures TLS through `configure(const net::tls::TlsConfig&)` with the CA bundle an app
// trusts, and returns what it returned:
//  - by default `built_in`, the image's DER bundle in flash, parsed in place: neither the
//    bundle nor the certificates' bytes are copied into RAM;
//  - with ca=PATH on the command line (the board tests' wrong-CA boots), that host file,
//    one DER certificate: read into a buffer on the stack of this call and copied into the
//    TLS arena by the parse. The buffer is gone when configure returns, so the option costs
//    no static RAM, only stack at start-up, far below the handshake's stack peak.
// `*path` is set to the file's name, or nullptr for the built-in bundle.
template <typename Configure>
hal::Status configure_ca(const CommandLine& command_line, hal::ConstByteSpan built_in,
                         const char** path, Configure&& configure) {
    *path = command_line.value("ca");
    if (*path == nullptr) {
        net::tls::TlsConfig config;
        config.ca_bundle = built_in;
        config.ca_in_place = true;
        return configure(config);
    }
    uint8_t file[kMaxCaFileSize + 1];  // + the NUL read_whole_file writes
    const hal::Result<size_t> length = read_ca_file(*path, hal::ByteSpan(file));
    if (!length.ok()) return length.status();
    net::tls::TlsConfig config;
    config.ca_bundle = hal::ConstByteSpan(file, length.value());
    return configure(config);
}

}  // namespace boards::mps2_an386
