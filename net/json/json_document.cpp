#include "net/json/json_document.h"

#include "net/json/json_integer.h"

#include <cstring>
#include <limits>

#include "cJSON.h"
#include "net/text/number.h"

namespace net::json {
namespace {

constexpr size_t kAlignment = alignof(std::max_align_t);

// The document whose parse is running; cJSON's hooks have no context pointer.
JsonDocument* g_active = nullptr;

void* arena_malloc(size_t size) {
    return g_active != nullptr ? g_active->allocate(size) : nullptr;
}
void arena_free(void*) {}  // freed all at once by the next parse

bool in_string_step(char c, bool* escaped) {
    if (*escaped) {
        *escaped = false;
        return true;
    }
    if (c == '\\') {
        *escaped = true;
        return true;
    }
    return c != '"';
}

}  // namespace

bool nests_deeper_than(std::string_view text, size_t max_depth) {
    size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            in_string = in_string_step(c, &escaped);
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

void* JsonDocument::allocate(size_t size) {
    const size_t start = (used_ + kAlignment - 1) & ~(kAlignment - 1);
    if (start > arena_.size() || size > arena_.size() - start) {
        exhausted_ = true;
        return nullptr;
    }
    used_ = start + size;
    return arena_.data() + start;
}

hal::Status JsonDocument::parse(std::string_view text) {
    root_ = nullptr;
    used_ = 0;
    exhausted_ = false;
    if (text.size() > max_input() || nests_deeper_than(text, kMaxDepth)) {
        return hal::Status::kTooLarge;
    }
    cJSON_Hooks hooks{&arena_malloc, &arena_free};
    cJSON_InitHooks(&hooks);
    g_active = this;
    const cJSON* root = cJSON_ParseWithLength(text.data(), text.size());
    g_active = nullptr;
    if (root == nullptr) return exhausted_ ? hal::Status::kOutOfMemory : hal::Status::kCorrupt;
    root_ = root;
    return hal::Status::kOk;
}

bool Value::is_object() const {
    return node_ != nullptr && cJSON_IsObject(node_);
}
bool Value::is_array() const {
    return node_ != nullptr && cJSON_IsArray(node_);
}
bool Value::is_string() const {
    return node_ != nullptr && cJSON_IsString(node_);
}
bool Value::is_number() const {
    return node_ != nullptr && cJSON_IsNumber(node_);
}
bool Value::is_null() const {
    return node_ != nullptr && cJSON_IsNull(node_);
}

Value Value::operator[](const char* key) const {
    if (!is_object()) return Value();
    return Value(cJSON_GetObjectItemCaseSensitive(node_, key));
}

size_t Value::size() const {
    if (!is_array()) return 0;
    return static_cast<size_t>(cJSON_GetArraySize(node_));
}

Value Value::at(size_t index) const {
    if (!is_array() || index > static_cast<size_t>(std::numeric_limits<int>::max())) {
        return Value();
    }
    return Value(cJSON_GetArrayItem(node_, static_cast<int>(index)));
}

hal::Result<std::string_view> Value::as_string() const {
    if (!is_string() || node_->valuestring == nullptr) return hal::Status::kInvalidArgument;
    return std::string_view(node_->valuestring);
}

namespace {

// Decimal digits with an optional leading '-', no spaces, within int64.
hal::Result<int64_t> integer_from_double(double d) {
    constexpr double kExactLimit = 9007199254740992.0;  // 2^53
    if (!(d >= -kExactLimit && d <= kExactLimit)) return hal::Status::kInvalidArgument;
    const auto i = static_cast<int64_t>(d);
    if (static_cast<double>(i) != d) return hal::Status::kInvalidArgument;
    return i;
}

}  // namespace

hal::Result<int64_t> Value::as_int64() const {
    if (is_number()) return integer_from_double(node_->valuedouble);
    if (is_string() && node_->valuestring != nullptr) {
        return parse_integer_text(std::string_view(node_->valuestring));
    }
    return hal::Status::kInvalidArgument;
}

}  // namespace net::json
