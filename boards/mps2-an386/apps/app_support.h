// What the board's apps (apps/net_selftest.cpp, apps/ticket.cpp) share: how a failed
// start-up step is reported, and where the CA bundle comes from.
#pragma once

#include "boards/mps2-an386/command_line.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace boards::mps2_an386 {

// Prints "<app>: FAILED <step>: <status>" on the console; the exit code of a failed run (1).
int report_failure(const char* app, const char* step, hal::Status status);

// The CA bundle an app trusts: the one built into the image, or the host file named by
// the command line's ca= (read whole through semihosting, with the NUL mbedTLS wants
// after PEM; at most 8 KiB). `*path` is the file's name, or nullptr for the built-in one.
hal::Result<hal::ConstByteSpan> load_ca_bundle(const CommandLine& command_line, const char** path);

}  // namespace boards::mps2_an386
