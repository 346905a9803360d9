// Writes seed images for fuzz_outbox_mount (tests/fuzz/seeds/outbox_mount): real outbox
// logs on the fuzz target's geometry, made through the Outbox itself. Regenerate them
// after a format change:
//   build/fuzz/tests/fuzz/outbox_seed_generator tests/fuzz/seeds/outbox_mount
#include <cstdio>
#include <cstring>

#include "firmware/outbox/outbox.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"

namespace {

using firmware::outbox::Outbox;
using firmware::outbox::OutgoingMessage;

constexpr hal::FlashGeometry kGeometry = test::kOutboxGeometry;

bool save(test::FakeFlash& flash, const char* dir, const char* name) {
    char path[512];
    std::snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE* file = std::fopen(path, "wb");
    if (file == nullptr) return false;
    // Trailing erased bytes add nothing: the fuzzer pads short inputs with 0xFF.
    size_t size = flash.image().size();
    while (size > 0 && flash.image()[size - 1] == 0xFF)
        --size;
    const bool ok = std::fwrite(flash.image().data(), 1, size, file) == size;
    return std::fclose(file) == 0 && ok;
}

OutgoingMessage text_message(const char* text, size_t size) {
    OutgoingMessage m;
    m.text = std::string_view(text, size);
    m.accepted_at = 1700000000;
    return m;
}

// Three short messages: one confirmed, one written, one pending.
void three_states(Outbox& outbox) {
    (void)outbox.accept(text_message("first", 5));
    (void)outbox.accept(text_message("second", 6));
    (void)outbox.accept(text_message("third", 5));
    (void)outbox.mark_written(1, 100);
    (void)outbox.mark_confirmed(1, 101);
    (void)outbox.mark_written(2, 101);
}

// Entries that span sectors and a log that has gone round the ring.
void wrapped(Outbox& outbox) {
    static char text[1500];
    std::memset(text, 'w', sizeof text);
    for (uint32_t i = 0; i < 14; ++i) {
        const hal::Result<uint32_t> seq = outbox.accept(text_message(text, 300 + 90 * i));
        if (i + 2 < 14) (void)outbox.mark_confirmed(seq.value(), 200 + i);
    }
    OutgoingMessage media;
    media.media_id = "2024/01/15/photo.jpg";
    media.media_description = "door";
    (void)outbox.accept(media);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <seed directory>\n", argv[0]);
        return 2;
    }
    static test::FakeFlash flash(kGeometry);
    bool ok = true;
    {
        Outbox outbox(flash);
        ok = outbox.mount() == hal::Status::kOk;
        three_states(outbox);
        ok = save(flash, argv[1], "three-states") && ok;
    }
    flash.reset();
    {
        Outbox outbox(flash);
        ok = outbox.mount() == hal::Status::kOk && ok;
        wrapped(outbox);
        ok = save(flash, argv[1], "wrapped-ring") && ok;
    }
    return ok ? 0 : 1;
}
