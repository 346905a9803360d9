// The device under the app tests (tests/apps): the messenger test rig of tests/support
// (MessengerRig: the real settings store and outbox on NOR flash fakes, the real
// messenger) over its scripted service desk (FakeService), with the app under test as its listener.
// The app's own seams (console, terminal, idle, attachments) are faked by each suite.
#pragma once

#include <memory>

#include "firmware/messenger/messenger.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_service.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/messenger_rig.h"

#include <CppUTest/TestHarness.h>

namespace apps_test {

constexpr hal::FlashGeometry kSettingsGeometry{4096, 4, 1};
constexpr hal::FlashGeometry kOutboxGeometry{4096, 4, 1};

inline firmware::messenger::MessengerConfig messenger_config() {
    return test::rig_config(0xA995);
}

// One boot: mounts both stores on the given flash, wires and starts the messenger.
class AppDevice : public test::MessengerRig {
  public:
    AppDevice(test::DeviceFlash& flash, test::FakeClock& clock,
              messenger_test::FakeService& service,
              firmware::messenger::MessengerListener& listener,
              const firmware::messenger::MessengerConfig& config = messenger_config())
        : MessengerRig(flash, clock, service, listener, {3, 11}) {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        CHECK_EQUAL(hal::Status::kOk, mount());
        start(config);
    }
};

}  // namespace apps_test
