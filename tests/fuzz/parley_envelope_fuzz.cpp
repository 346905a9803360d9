// Fuzzes the envelope and the small-response readers (message id, media id, unseen
// count, config copy) and the error classification. Invariants: the error string stays
// within its bound, readers succeed only with sane values, a success is only reported
// for a 2xx without "status": "ERROR".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "net/parley/api_error.h"
#include "net/parley/endpoint_results.h"
#include "net/parley/parley_workspace.h"
#include "net/parley/response_reader.h"

namespace {

net::parley::ParleyWorkspace g_work;
net::parley::UnseenCount g_unseen;
char g_config[256];

using hal::Status;

void check_envelope(const net::parley::ResponseReader& reader, uint16_t http_status,
                    net::parley::Dialect dialect) {
    if (reader.error().size() > net::parley::kMaxErrorStringLength) std::abort();
    net::parley::ApiError error;
    error.set_error_string(reader.error());
    if (std::strlen(error.error) > error.error_length) std::abort();
    const Status kind = net::parley::classify_api_error(dialect, http_status, reader.status_error(),
                                                        reader.error());
    const bool success = http_status >= 200 && http_status <= 299 && !reader.status_error();
    if ((kind == Status::kOk) != success) std::abort();
}

template <typename Reader>
void feed_all(Reader& data, std::string_view body, uint16_t http_status,
              net::parley::Dialect dialect) {
    net::parley::ResponseReader reader(g_work.capture(), &data);
    reader.feed(body);
    (void)reader.finish();
    check_envelope(reader, http_status, dialect);
}

}  // namespace

// Input: reader choice, HTTP status (2 bytes), dialect, then the body.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4) return 0;
    const uint8_t which = data[0] % 4;
    const auto http_status = static_cast<uint16_t>(100 + (data[1] << 8 | data[2]) % 500);
    const auto dialect =
        (data[3] & 1) ? net::parley::Dialect::kParleyDirect : net::parley::Dialect::kKpnGateway;
    const std::string_view body(reinterpret_cast<const char*>(data + 4), size - 4);
    if (which == 0) {
        net::parley::MessageIdReader reader;
        feed_all(reader, body, http_status, dialect);
        if (reader.result() == Status::kOk && reader.id() > INT64_MAX) std::abort();
    } else if (which == 1) {
        net::text::BoundedText<net::parley::kMaxIdTextLength> id;
        net::parley::MediaIdReader reader(&id);
        feed_all(reader, body, http_status, dialect);
        if (reader.result() == Status::kOk && (id.empty() || id.truncated)) std::abort();
    } else if (which == 2) {
        net::parley::UnseenCountReader reader(&g_unseen);
        feed_all(reader, body, http_status, dialect);
        if (g_unseen.id_count > net::parley::kMaxUnseenIds) std::abort();
    } else {
        net::parley::JsonCopyReader reader{hal::CharSpan(g_config)};
        feed_all(reader, body, http_status, dialect);
        if (reader.length() > sizeof g_config) std::abort();
    }
    return 0;
}
