// Writes the seed images of the store_mount fuzz target: real settings logs, made by the
// store itself with the fuzz target's identity and geometry. Run it after a format change:
//   build/fuzz/tests/fuzz/store_seed_generator tests/fuzz/seeds/store_mount
#include <cstdio>
#include <string>

#include "firmware/settings/settings.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

namespace {

using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;

bool write_everything(Settings& settings, int round) {
    Token token;
    bool ok = token.access_token.assign("haf2SDl07E9N7RluNQ4kJ1TkGgso") == Status::kOk;
    token.expires_at_s = 1'700'000'000 + round;
    ok = ok && settings.write_credentials("kiosk-client", "client-secret") == Status::kOk;
    ok = ok && settings.write_device_id("device-0123456789") == Status::kOk;
    ok = ok && settings.write_token(token) == Status::kOk;
    ok = ok && settings.write_subscription(Subscription{true, 0xC0FFEEu}) == Status::kOk;
    return ok && settings.write_last_message_id(10700 + round) == Status::kOk;
}

bool save(test::FakeFlash& flash, const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) return false;
    const hal::ByteSpan image = flash.image();
    const bool ok = std::fwrite(image.data(), 1, image.size(), file) == image.size();
    return std::fclose(file) == 0 && ok;
}

// `rounds` rounds of updates: one round leaves one sector in use, many leave two (the
// current one and the one it was compacted from).
bool make_seed(int rounds, const std::string& path) {
    static test::FakeFlash flash(kGeometry);
    static store_test::FixedIdentity identity(1);
    static store_test::SeededEntropy entropy(5);
    flash.reset();
    Settings settings(flash, identity, entropy);
    bool ok = settings.mount() == Status::kOk;
    for (int round = 0; ok && round < rounds; ++round)
        ok = write_everything(settings, round);
    return ok && save(flash, path);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || store_test::init_crypto() != Status::kOk) {
        std::fprintf(stderr, "usage: %s <seed directory>\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    const bool ok = make_seed(1, dir + "/one-sector") && make_seed(25, dir + "/two-sectors");
    return ok ? 0 : 1;
}
