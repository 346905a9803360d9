// Provisioning: how a device's client credentials get into its settings, never compiled
// in. The apps call provision() from their setup path (serial console, config file,
// factory station). It is idempotent, so it may run on every boot.
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

}  // namespace firmware::settings
