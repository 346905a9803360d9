// Fuzzes the settings store's mount of an arbitrary flash image (firmware/settings,
// SPEC.md): the input is the image (truncated or padded with erased bytes to two 4 KiB
// sectors). Whatever the bytes, mount either succeeds, refuses a foreign format, or reports
// an unreadable log without touching it (then format() makes it usable); a repair of
// reported damage keeps every value that read before it; every
// read returns a value or an error; one write then succeeds, survives a remount, and
// keeps every value that read back before it. Never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "firmware/settings/settings.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

namespace {

using firmware::settings::Credentials;
using firmware::settings::DeviceId;
using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;
constexpr uint64_t kWrittenId = 0x1122334455667788u;

// What the plain values read as, to compare before and after the write.
struct Snapshot {
    Status device_id_status;
    DeviceId device_id;
    Status subscription_status;
    Subscription subscription;
};

Snapshot read_all(Settings& settings) {
    Credentials credentials;
    Token token;
    (void)settings.read_credentials(credentials);
    (void)settings.read_token(token);
    (void)settings.read_last_message_id();
    Snapshot snapshot{};
    snapshot.device_id_status = settings.read_device_id(snapshot.device_id);
    snapshot.subscription_status = settings.read_subscription(snapshot.subscription);
    return snapshot;
}

// A failed check names its line, then aborts (libFuzzer keeps the input).
#define require(condition) require_at((condition), __LINE__)
void require_at(bool condition, int line) {
    if (condition) return;
    std::fprintf(stderr, "store_mount_fuzz.cpp:%d: check failed\n", line);
    std::abort();
}

void check_kept(const Snapshot& before, const Snapshot& after) {
    if (before.device_id_status == Status::kOk) {
        require(after.device_id_status == Status::kOk);
        require(after.device_id.view() == before.device_id.view());
    }
    if (before.subscription_status == Status::kOk) {
        require(after.subscription_status == Status::kOk);
        require(after.subscription.config_hash == before.subscription.config_hash);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool crypto_ready = store_test::init_crypto() == Status::kOk;
    require(crypto_ready);
    static test::FakeFlash flash(kGeometry);
    static store_test::FixedIdentity identity(1);
    static store_test::SeededEntropy entropy(5);
    flash.reset();
    const size_t copied = size < kGeometry.total_size() ? size : kGeometry.total_size();
    if (copied > 0) std::memcpy(flash.image().data(), data, copied);

    Settings settings(flash, identity, entropy);
    const Status mounted = settings.mount();
    if (mounted == Status::kUnsupported) return 0;  // another format version: left alone
    if (mounted == Status::kCorrupt) {
        // No readable log: reported, nothing touched, and only format() writes.
        require(std::memcmp(flash.image().data(), data, copied) == 0);
        require(settings.write_last_message_id(kWrittenId) == Status::kFailedPrecondition);
        require(settings.format() == Status::kOk);
    } else {
        require(mounted == Status::kOk);
    }
    const Snapshot before = read_all(settings);
    if (settings.damage().any()) {
        // A repair keeps every value that read before it.
        const Status repaired_status = settings.repair();
        require(repaired_status == Status::kOk);
        Settings repaired(flash, identity, entropy);
        require(repaired.mount() == Status::kOk);
        check_kept(before, read_all(repaired));
    }

    require(settings.write_last_message_id(kWrittenId) == Status::kOk);
    Settings rebooted(flash, identity, entropy);
    require(rebooted.mount() == Status::kOk);
    const hal::Result<uint64_t> last = rebooted.read_last_message_id();
    require(last.ok() && last.value() == kWrittenId);
    check_kept(before, read_all(rebooted));
    return 0;
}
