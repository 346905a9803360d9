// POST devices (docs/protocol.md §6.1): what a device says about itself when it subscribes,
// written as a JSON body (the SDKs' form) or as query parameters (KPN's published
// spec). In the query form, userAdditionalInformation becomes
// userAdditionalInformation[name]=… (the bracket form PHP-style services parse into an
// object) and pushEnabled is 1 or 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "hal/status.h"
#include "net/http/request.h"
#include "net/json/json_writer.h"
#include "net/text/number.h"

namespace net::parley {

enum class DeviceType : uint8_t { kAndroid = 1, kIos = 2, kWeb = 3, kCustom = 4 };

// Optional user details (userAdditionalInformation); empty fields are not sent.
struct UserInformation {
    std::string_view name;
    std::string_view email;
    std::string_view address;
    bool empty() const { return name.empty() && email.empty() && address.empty(); }
};

// Empty strings and unset options are not sent.
struct DeviceRegistration {
    DeviceType type = DeviceType::kCustom;
    std::string_view version;  // "1.2.3" or "010203" (check_version)
    std::string_view push_token;
    uint8_t push_type = 0;  // 0: not sent; 4 = custom webhook
    bool send_push_enabled = false;
    bool push_enabled = false;
    UserInformation user;
    std::string_view referrer;
};

// Version format, a known device type, valid UTF-8 everywhere: kInvalidArgument.
hal::Status check_registration(const DeviceRegistration& device);

// {"type":4,"version":"1.2.3","pushToken":…,"pushType":…,"pushEnabled":…,
//  "userAdditionalInformation":{"name":…,"email":…,"address":…},"referrer":…}
void write_registration_json(const DeviceRegistration& device, json::JsonWriter& out);

constexpr size_t kMaxDeviceQueryParams = 9;

// The same fields as query parameters (names and values are percent-encoded later, by
// the HTTP request writer). Views into `device` and into this object.
struct DeviceQuery {
    http::QueryParam params[kMaxDeviceQueryParams];
    size_t count = 0;
    char type[text::kMaxDecimalLength] = {};
    char push_type[text::kMaxDecimalLength] = {};
    hal::Span<const http::QueryParam> span() const {
        return hal::Span<const http::QueryParam>(params, count);
    }
};

void write_registration_query(const DeviceRegistration& device, DeviceQuery* out);

}  // namespace net::parley
