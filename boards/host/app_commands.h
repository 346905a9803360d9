// What parley-ticket and parley-kiosk share beyond their options: the `provision` and
// `status` commands, reporting an error on stderr in the program's name, and the
// environment lookup the option parser takes.
#pragma once

#include <string>
#include <vector>

#include "boards/host/host_device.h"

namespace boards::host {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// std::getenv as an EnvLookup (app_options.h).
const char* environment(const char* name);

// Prints "<program>: <message>" on stderr; returns kExitFailed.
int report_failure(const char* program, const std::string& message);

// `provision [--from FILE]`: credentials from stdin or FILE (never argv), stored sealed.
// `provision --user [--from FILE]`: the registered user's string likewise, set or
// replaced; `provision --anonymous`: it is removed (firmware::settings::provision_user).
int run_provision(const char* program, HostDevice& device, const std::vector<std::string>& args);

// `status`: device id, whether credentials, a registered user and a token are kept (never
// their values), and the outbox: the
// messages waiting (and whether one is in doubt) and those set aside as failed; damage
// found on the flash. Opens the device read-only: writes nothing, creates no file.
int run_status(const char* program, const AppOptions& options);

// `format [--yes]`: erases the flash file (settings and outbox), the way out when it
// holds no readable log. Without --yes it only says what it would erase (exit 2).
int run_format(const char* program, const AppOptions& options);

// Flash damage in plain words, one line each ("" when there is none).
std::string describe_damage(const firmware::messenger::StorageDamage& damage);

// After open_storage: says on stderr what damage was found in the settings and repaired.
void report_settings_damage(const char* program, const HostDevice& device);

}  // namespace boards::host
