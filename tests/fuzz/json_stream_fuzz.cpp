// Fuzzes JsonStream, the push parser every message goes through: the input is parsed
// whole and again cut into fragments whose sizes the first byte chooses. Invariants: every
// string piece is valid UTF-8 within the piece size; opens and closes balance and never
// pass kMaxDepth; keys fit their bound; the events (strings put back together) and the
// outcome do not depend on the fragmentation; and validate() (json_raw.cpp: the grammar
// check of captured parts, with fast paths for the envelope's common small parts) gives
// the parser's verdict on every input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "hal/crc32.h"
#include "net/json/json_raw.h"
#include "net/json/json_stream.h"
#include "net/text/utf8.h"

namespace {

class Recorder final : public net::json::StreamEvents {
  public:
    void on_open(bool object) override {
        if (++depth > net::json::kMaxDepth) std::abort();
        mix(object ? "{" : "[");
    }
    void on_close() override {
        if (depth-- == 0) std::abort();
        mix("}");
    }
    void on_key(std::string_view key) override {
        if (key.size() > net::json::kMaxKeyLength + 1) std::abort();
        mix("k");
        mix(key);
    }
    void on_string(std::string_view piece, bool last) override {
        if (piece.size() > net::json::kStringPieceSize) std::abort();
        if (!net::text::count_code_points(piece).ok()) std::abort();
        mix(piece);  // pieces in a row hash as their concatenation
        if (last) mix("\"");
    }
    void on_scalar(std::string_view token) override {
        if (token.empty() || token.size() > net::json::kMaxScalarLength) std::abort();
        mix("s");
        mix(token);
    }
    void mix(std::string_view bytes) { digest = hal::crc32(hal::as_bytes(bytes), digest); }
    uint32_t digest = 0;
    size_t depth = 0;
};

struct Outcome {
    hal::Status status;
    uint32_t digest;
};

Outcome parse(std::string_view json, size_t piece) {
    Recorder recorder;
    net::json::JsonStream stream(recorder);
    for (size_t at = 0; at < json.size(); at += piece)
        stream.feed(json.substr(at, piece));
    const hal::Status status = stream.finish();
    if (status == hal::Status::kOk && recorder.depth != 0) std::abort();
    return Outcome{status, recorder.digest};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t piece = 1 + data[0] % 13;
    const std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
    const Outcome whole = parse(json, json.size() + 1);
    const Outcome cut = parse(json, piece);
    // A failed parse may stop at different events only if the failure is the same.
    if (whole.status != cut.status) std::abort();
    if (whole.status == hal::Status::kOk && whole.digest != cut.digest) std::abort();
    if (net::json::validate(json) != whole.status) std::abort();
    return 0;
}
