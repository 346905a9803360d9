// Fuzzes URL parsing and the encoders. A parsed URL must be self-consistent (views
// inside the input, a host, a port, a clean base path, a Host value that fits); the
// percent and form encoders must round-trip through a decoder and size exactly.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "net/url/percent_encode.h"
#include "net/url/url.h"

namespace {

constexpr size_t kMaxEncoded = 3 * 8192;

bool inside(std::string_view part, std::string_view whole) {
    return part.empty() || (part.data() >= whole.data() &&
                            part.data() + part.size() <= whole.data() + whole.size());
}

void check_url(std::string_view text) {
    const hal::Result<net::url::Url> parsed = net::url::parse_url(text);
    if (!parsed.ok()) return;
    const net::url::Url& url = parsed.value();
    if (url.host.empty() || url.port == 0) std::abort();
    if (!inside(url.host, text) || !inside(url.base_path, text) || !inside(url.scheme, text)) {
        std::abort();
    }
    const std::string_view path = url.base_path;
    if (!path.empty() && (path.front() != '/' || path.back() == '/')) std::abort();
    if (path.find_first_of("?# ") != std::string_view::npos) std::abort();
    char host[300];
    if (!net::url::write_host_header(url, hal::CharSpan(host)).ok()) std::abort();
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    std::abort();  // the encoders write upper-case hex only
}

// Decodes what either encoder wrote; `plus_is_space` for form encoding.
size_t decode(std::string_view in, bool plus_is_space, char* out) {
    size_t n = 0;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size()) std::abort();  // a cut escape
            out[n++] = static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
            i += 2;
        } else {
            out[n++] = (plus_is_space && in[i] == '+') ? ' ' : in[i];
        }
    }
    return n;
}

void check_round_trip(std::string_view text, bool form) {
    static char encoded[kMaxEncoded];
    static char decoded[kMaxEncoded];
    const hal::Result<size_t> n = form ? net::url::form_encode(text, hal::CharSpan(encoded))
                                       : net::url::percent_encode(text, hal::CharSpan(encoded));
    if (!n.ok()) std::abort();
    const size_t expected =
        form ? net::url::form_encoded_length(text) : net::url::percent_encoded_length(text);
    if (n.value() != expected) std::abort();
    const std::string_view out(encoded, n.value());
    if (!form && out.find('+') != std::string_view::npos) std::abort();
    if (out.find_first_of(" /=&?#") != std::string_view::npos) std::abort();
    const size_t back = decode(out, form, decoded);
    if (back != text.size() || std::memcmp(decoded, text.data(), back) != 0) std::abort();
    // One byte short must be refused, never overrun.
    if (n.value() > 0 &&
        (form ? net::url::form_encode(text, hal::CharSpan(encoded, n.value() - 1))
              : net::url::percent_encode(text, hal::CharSpan(encoded, n.value() - 1)))
            .ok()) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check_url(text);
    if (size * 3 <= kMaxEncoded) {
        check_round_trip(text, false);
        check_round_trip(text, true);
    }
    return 0;
}
