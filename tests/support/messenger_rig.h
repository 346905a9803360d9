// MessengerRig: one boot of the device under the messenger tests (tests/messenger,
// tests/apps, tests/fuzz/messenger_fuzz.cpp): the real settings store and outbox on the
// given device flash (tests/support/flash_fixture.h), a fixed device identity and seeded entropy,
// and the real messenger over the given service (tests/support/fake_service.h, or the fuzzer's own)
// with the given listener.
//   MessengerRig rig(flash, clock, service, listener, {9, 5});
//   CHECK_EQUAL(hal::Status::kOk, rig.mount());  // both stores
//   rig.start(config);                           // builds and starts the messenger
// A reboot is a new rig on the same flash. Header only; store_test::init_crypto() must
// have run (the settings store seals records).
#pragma once

#include <cstdint>
#include <optional>

#include "firmware/messenger/messenger.h"
#include "firmware/messenger/service_api.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "hal/clock.h"
#include "hal/flash.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/flash_fixture.h"

namespace test {

// The messenger configuration the suites share: their own subscription hash, backoff
// from 1 s to 60 s (120 s after Retry-After).
inline firmware::messenger::MessengerConfig rig_config(uint32_t subscription_hash) {
    firmware::messenger::MessengerConfig c;
    c.subscription_hash = subscription_hash;
    c.backoff = firmware::messenger::BackoffConfig{1000, 60000, 120000};
    return c;
}

class MessengerRig {
  public:
    // The seeds of the device identity (its sealing key) and of the entropy (jitter).
    struct Seeds {
        uint8_t identity;
        uint32_t entropy;
    };

    // `outbox_flash`: the outbox on this flash instead of flash.outbox (a fault wrapper).
    MessengerRig(DeviceFlash& flash, hal::Clock& clock, firmware::messenger::ServiceApi& service,
                 firmware::messenger::MessengerListener& listener, Seeds seeds,
                 hal::Flash* outbox_flash = nullptr)
        : identity(seeds.identity),
          entropy(seeds.entropy),
          settings(flash.settings, identity, entropy),
          outbox(outbox_flash != nullptr ? *outbox_flash : flash.outbox),
          clock_(clock),
          service_(service),
          listener_(listener) {}
    MessengerRig(const MessengerRig&) = delete;
    MessengerRig& operator=(const MessengerRig&) = delete;

    // Mounts the settings, then the outbox.
    hal::Status mount() {
        const hal::Status status = settings.mount();
        return status != hal::Status::kOk ? status : outbox.mount();
    }

    // Builds the messenger over the mounted stores and starts it.
    void start(const firmware::messenger::MessengerConfig& config) {
        const firmware::messenger::MessengerParts parts{
            service_, outbox,  settings,  nullptr,
            clock_,   entropy, listener_, hal::ByteSpan(entry_fields_)};
        messenger.emplace(parts, config);
        messenger->start();
    }

    store_test::FixedIdentity identity;
    store_test::SeededEntropy entropy;
    firmware::settings::Settings settings;
    firmware::outbox::Outbox outbox;
    std::optional<firmware::messenger::Messenger> messenger;  // after start()

  private:
    hal::Clock& clock_;
    firmware::messenger::ServiceApi& service_;
    firmware::messenger::MessengerListener& listener_;
    uint8_t entry_fields_[firmware::outbox::kMaxEntryFieldsBytes] = {};
};

}  // namespace test
