#include "net/json/json_member_lookup.h"

#include "net/json/json_value_scanner.h"
#include "net/text/ascii.h"
#include "net/text/slice.h"

namespace net::json {
namespace {

// One "key": value pair at `*at` (just after '{' or ','): its key and value text.
bool next_member(std::string_view text, size_t* at, std::string_view* key,
                 std::string_view* value) {
    size_t i = skip_space(text, *at);
    const size_t key_length = i < text.size() && text[i] == '"' ? value_length(text, i) : 0;
    if (key_length < 2) return false;
    *key = text::slice(text, i + 1, key_length - 2);
    i = skip_space(text, i + key_length);
    if (i >= text.size() || text[i] != ':') return false;
    i = skip_space(text, i + 1);
    const size_t length = value_length(text, i);
    if (length == 0) return false;
    *value = text::slice(text, i, length);
    i = skip_space(text, i + length);
    *at = i + 1;  // past the ',' (or the closing '}', which ends the walk next time)
    return i < text.size() && text[i] == ',';
}

}  // namespace

hal::Result<std::string_view> find_member(std::string_view object_json, std::string_view key) {
    size_t at = skip_space(object_json, 0);
    if (at >= object_json.size() || object_json[at] != '{') return hal::Status::kNotFound;
    ++at;
    for (;;) {
        std::string_view name;
        std::string_view value;
        const bool more = next_member(object_json, &at, &name, &value);
        if (!value.empty() && name == key) return value;
        if (!more) return hal::Status::kNotFound;
    }
}

}  // namespace net::json
