#include "net/url/host_syntax.h"

#include <cstddef>

#include "net/text/ascii.h"
#include "net/text/number.h"

namespace net::url {
namespace {

constexpr size_t kIpv6Groups = 8;
constexpr size_t kIpv6GroupDigits = 4;
constexpr size_t kIpv4Parts = 4;
constexpr size_t kIpv4PartDigits = 3;
constexpr unsigned kIpv4PartMax = 255;
// An IPv4 tail stands for two 16-bit groups.
constexpr size_t kIpv4TailGroups = 2;

using text::is_alpha;
using text::is_digit;
using text::is_hex_digit;

bool is_ipv4_part(std::string_view part) {
    return part.size() <= kIpv4PartDigits && text::parse_unsigned(part, 10, kIpv4PartMax).ok();
}

bool is_hex_group(std::string_view group) {
    if (group.empty() || group.size() > kIpv6GroupDigits) return false;
    for (const char c : group) {
        if (!is_hex_digit(c)) return false;
    }
    return true;
}

// Walks the groups after an optional leading "::". Counts 16-bit groups in `groups`
// and notes a "::" in `compressed`; false on any malformed piece.
bool scan_ipv6_groups(std::string_view text, size_t& groups, bool& compressed) {
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t end = text.find(':', pos);
        const std::string_view piece = text.substr(pos, end - pos);
        if (end == std::string_view::npos && piece.find('.') != std::string_view::npos) {
            groups += kIpv4TailGroups;
            return is_ipv4_literal(piece);
        }
        if (!is_hex_group(piece)) return false;
        ++groups;
        if (end == std::string_view::npos) return true;
        pos = end + 1;
        if (pos < text.size() && text[pos] == ':') {
            if (compressed) return false;
            compressed = true;
            ++pos;
        } else if (pos == text.size()) {
            return false;  // a single trailing ':'
        }
    }
    return true;
}

}  // namespace

bool is_host_name(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.' && c != '_') return false;
    }
    return true;
}

bool is_ipv4_literal(std::string_view text) {
    size_t parts = 0;
    size_t pos = 0;
    for (;;) {
        const size_t end = text.find('.', pos);
        if (!is_ipv4_part(text.substr(pos, end - pos))) return false;
        ++parts;
        if (end == std::string_view::npos) return parts == kIpv4Parts;
        if (parts == kIpv4Parts) return false;
        pos = end + 1;
    }
}

bool is_ipv6_literal(std::string_view text) {
    if (text.size() < 2) return false;
    size_t groups = 0;
    bool compressed = false;
    std::string_view rest = text;
    if (text.substr(0, 2) == "::") {
        compressed = true;
        rest = text.substr(2);
    } else if (text[0] == ':') {
        return false;
    }
    if (!scan_ipv6_groups(rest, groups, compressed)) return false;
    return compressed ? groups < kIpv6Groups : groups == kIpv6Groups;
}

}  // namespace net::url
