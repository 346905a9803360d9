// Provisioning: how a device's client credentials (and the registered user's string, when
// the service desk wants one) get into its settings, never compiled in. The apps call provision()
// from their setup path (serial console, config file, factory station). It is idempotent, so it may
// run on every boot.
#pragma once

#include <string_view>

#include "firmware/settings/settings.h"
#include "hal/status.h"

namespace firmware::settings {

// Stores `client_id` and `client_secret` (the secret sealed) in mounted `settings`.
// When they equal what is stored, nothing is written. Otherwise the stored token and
// subscription are cleared first (they belong to the old credentials) and the
// credentials are written last, so an interrupted call is simply repeated.
// kInvalidArgument: an empty text; kTooLarge: over kClientIdMaxSize/kClientSecretMaxSize;
// kFailedPrecondition: not mounted; flash errors are passed on.
hal::Status provision(Settings& settings, std::string_view client_id,
                      std::string_view client_secret);

// Stores the registered user's string `auth` (sealed), or removes it when `auth` is
// empty: the device is anonymous again. When that is what is stored already, nothing is
// written. Otherwise the subscription is cleared first (the device subscribes again, as
// the new user) and the string written or removed last, so an interrupted call is
// simply repeated. The credentials, token, device id, last ids and outbox are kept.
// kInvalidArgument: a character other than visible ASCII or space; kTooLarge: over
// kUserAuthMaxSize; kFailedPrecondition: not mounted; flash errors are passed on.
hal::Status provision_user(Settings& settings, std::string_view auth);

}  // namespace firmware::settings
