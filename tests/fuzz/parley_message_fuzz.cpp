// Fuzzes the message decoder on one element and the raw member lookup beside it.
// Invariants: a decoded Message is well formed; a refused one holds no message; a
// member found lies inside the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/json/json_member_lookup.h"
#include "net/parley/message_decoder.h"
#include "net/parley/message_page.h"
#include "net/parley/parley_workspace.h"
#include "tests/parley/message_checks.h"

namespace {
net::parley::ParleyWorkspace g_work;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    net::json::JsonDocument doc{hal::ByteSpan(g_work.json_arena)};
    const hal::Status status = net::parley::decode_message(json, doc, &g_work.message);
    parley_test::check_message(g_work.message);
    if (status != hal::Status::kOk && g_work.message.id != 0) std::abort();
    const hal::Result<std::string_view> id = net::json::find_member(json, "id");
    if (id.ok()) {
        const std::string_view found = id.value();
        if (found.empty() || found.data() < json.data() ||
            found.data() + found.size() > json.data() + json.size()) {
            std::abort();
        }
        (void)net::parley::id_from_text(found);
    }
    net::parley::Agent agent;
    (void)net::parley::decode_agent(json, doc, &agent);
    return 0;
}
