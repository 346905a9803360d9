// Fuzzes the HTTP response parser. The first kPlanSize bytes choose the fragment sizes
// (cycled) and a flag byte; the rest is the response, fed in those fragments to a
// buffer body reader. Invariants: no crash, no read or write out of bounds, body never
// past the buffer, and the same outcome as feeding the whole input at once.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "net/http/response_parser.h"

namespace {

constexpr size_t kPlanSize = 8;
constexpr size_t kBodyBufferSize = 512;

struct Outcome {
    hal::Status status = hal::Status::kOk;
    bool done = false;
    size_t body_size = 0;
    size_t consumed = 0;
    uint8_t body[kBodyBufferSize];
};

// Reads `input` into a fixed body buffer the way the client's request_into does.
void read_into_buffer(hal::ConstByteSpan input, const uint8_t* plan, bool head_request,
                      Outcome& out) {
    net::http::ResponseParser parser;
    parser.reset(head_request, kBodyBufferSize);
    size_t turn = 0;
    while (out.consumed < input.size() && !parser.done()) {
        const size_t want = plan == nullptr ? input.size() : 1 + plan[turn++ % kPlanSize];
        hal::ConstByteSpan fragment = input.subspan(out.consumed, want);
        while (!fragment.empty() && !parser.done()) {
            const size_t room = kBodyBufferSize - out.body_size;
            const hal::Result<net::http::ParseStep> step =
                parser.feed(fragment, room > 0 ? room : 1);
            if (!step.ok()) {
                out.status = step.status();
                return;
            }
            const hal::ConstByteSpan body = step.value().body;
            if (step.value().consumed > fragment.size() || body.size() > room) std::abort();
            if (!body.empty()) std::memcpy(out.body + out.body_size, body.data(), body.size());
            out.body_size += body.size();
            fragment = fragment.subspan(step.value().consumed);
            out.consumed += step.value().consumed;
        }
    }
    out.status = parser.finish();  // the peer closes after the last byte
    out.done = parser.done();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < kPlanSize) return 0;
    const uint8_t* plan = data;
    const bool head_request = (plan[0] & 0x80) != 0;
    const hal::ConstByteSpan input(data + kPlanSize, size - kPlanSize);

    static Outcome fragmented;
    static Outcome whole;
    fragmented = Outcome{};
    whole = Outcome{};
    read_into_buffer(input, plan, head_request, fragmented);
    read_into_buffer(input, nullptr, head_request, whole);

    if (fragmented.status != whole.status || fragmented.done != whole.done) std::abort();
    if (whole.status == hal::Status::kOk) {
        if (fragmented.body_size != whole.body_size || fragmented.consumed != whole.consumed) {
            std::abort();
        }
        if (std::memcmp(fragmented.body, whole.body, whole.body_size) != 0) std::abort();
    }
    return 0;
}
