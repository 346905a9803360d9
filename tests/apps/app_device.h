// The device under the app tests (tests/apps): the real settings store and outbox on
// NOR flash fakes, the scripted service desk of tests/messenger (FakeService) and the
// real messenger, with the app under test as its listener. The app's own seams (console,
// terminal, idle, attachments) are faked by each suite.
#pragma once

#include <memory>

#include "firmware/messenger/messenger.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "tests/messenger/fake_service.h"
#include "tests/store/store_fakes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/flash_fixture.h"

#include <CppUTest/TestHarness.h>

namespace apps_test {

constexpr hal::FlashGeometry kSettingsGeometry{4096, 4, 1};
constexpr hal::FlashGeometry kOutboxGeometry{4096, 4, 1};

inline firmware::MessengerConfig messenger_config() {
    firmware::MessengerConfig c;
    c.subscription_hash = 0xA995;
    c.backoff = firmware::BackoffConfig{1000, 60000, 120000};
    return c;
}

// One boot: mounts both stores on the given flash, wires and starts the messenger.
class AppDevice {
  public:
    AppDevice(test::DeviceFlash& flash, test::FakeClock& clock,
              messenger_test::FakeService& service, firmware::MessengerListener& listener,
              const firmware::MessengerConfig& config = messenger_config())
        : settings(flash.settings, identity, entropy), outbox(flash.outbox) {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        CHECK_EQUAL(hal::Status::kOk, settings.mount());
        CHECK_EQUAL(hal::Status::kOk, outbox.mount());
        const firmware::MessengerParts parts{service, outbox,  settings, nullptr,
                                             clock,   entropy, listener, hal::ByteSpan(buffer_)};
        messenger = std::make_unique<firmware::Messenger>(parts, config);
        messenger->start();
    }

    store_test::FixedIdentity identity{3};
    store_test::SeededEntropy entropy{11};
    firmware::settings::Settings settings;
    firmware::outbox::Outbox outbox;
    std::unique_ptr<firmware::Messenger> messenger;

  private:
    uint8_t buffer_[firmware::outbox::kMaxPayloadBytes] = {};
};

}  // namespace apps_test
