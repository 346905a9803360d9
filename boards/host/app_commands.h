// What parley-ticket and parley-kiosk share beyond their options: the `provision` and
// `status` commands, reporting an error on stderr in the program's name, and the
// environment lookup the option parser takes.
#pragma once

#include <string>
#include <vector>

#include "boards/host/host_device.h"

namespace host {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// std::getenv as an EnvLookup (app_options.h).
const char* environment(const char* name);

// Prints "<program>: <message>" on stderr; returns kExitFailed.
int report_failure(const char* program, const std::string& message);

// `provision [--from FILE]`: credentials from stdin or FILE (never argv), stored sealed.
int run_provision(const char* program, HostDevice& device, const std::vector<std::string>& args);

// `status`: device id, whether credentials and a token are kept, and the outbox: the
// messages waiting (and whether one is in doubt) and those set aside as failed.
int run_status(HostDevice& device);

}  // namespace host
