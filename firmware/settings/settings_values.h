// The typed settings a device keeps (docs/design.md §6): client credentials, device id, the
// access token with its times, the subscription state, the last message id seen and the
// registered user's string, and
// the record key id each one lives under. Plain values; the Settings class stores them.
#pragma once

#include <cstdint>

#include "firmware/settings/fixed_text.h"
#include "firmware/settings/settings_config.h"

namespace firmware::settings {

// Record key ids on flash: never renumber (SPEC.md "Settings records").
enum class SettingKey : uint8_t {
    kCredentials = 0,    // sealed
    kDeviceId = 1,       // plain
    kToken = 2,          // sealed
    kSubscription = 3,   // plain
    kLastMessageId = 4,  // plain
    kLastSentId = 5,     // plain
    kUserAuth = 6,       // sealed; a small key (settings_config.h)
};

// Put there by provisioning; the secret never reaches a log.
struct Credentials {
    FixedText<kClientIdMaxSize> client_id;
    FixedText<kClientSecretMaxSize> client_secret;

    void wipe() {
        client_id.wipe();
        client_secret.wipe();
    }
};

using DeviceId = FixedText<kDeviceIdMaxSize>;

// The registered user's opaque string (KPN authString, Parley direct Authorization): a
// secret like the credentials, sealed, never logged. None kept: the device is anonymous.
using UserAuth = FixedText<kUserAuthMaxSize>;

struct Token {
    FixedText<kAccessTokenMaxSize> access_token;
    int64_t expires_at_s = 0;  // wall clock, epoch seconds
    int64_t issued_at_ms = 0;  // as the token endpoint reported it, epoch milliseconds

    void wipe() {
        access_token.wipe();
        expires_at_s = 0;
        issued_at_ms = 0;
    }
};

// Whether POST devices succeeded, and for which request (a hash of what was sent), so a
// changed configuration is subscribed again.
struct Subscription {
    bool subscribed = false;
    uint32_t config_hash = 0;
};

}  // namespace firmware::settings
