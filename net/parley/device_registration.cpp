#include "net/parley/device_registration.h"

#include "net/parley/input_checks.h"
#include "net/text/number.h"
#include "net/text/utf8.h"

namespace net::parley {
namespace {

using hal::Status;

bool valid_text(std::string_view text) {
    return text::count_code_points(text).ok();
}

void write_user(const UserInformation& user, json::JsonWriter& out) {
    if (user.empty()) return;
    out.begin_object("userAdditionalInformation");
    if (!user.name.empty()) out.string("name", user.name);
    if (!user.email.empty()) out.string("email", user.email);
    if (!user.address.empty()) out.string("address", user.address);
    out.end_object();
}

void add(DeviceQuery* out, std::string_view name, std::string_view value) {
    if (!value.empty()) out->params[out->count++] = http::QueryParam{name, value};
}

}  // namespace

Status check_registration(const DeviceRegistration& device) {
    HAL_TRY(check_version(device.version));
    const auto type = static_cast<uint8_t>(device.type);
    if (type < static_cast<uint8_t>(DeviceType::kAndroid) ||
        type > static_cast<uint8_t>(DeviceType::kCustom)) {
        return Status::kInvalidArgument;
    }
    const UserInformation& u = device.user;
    const bool texts_ok = valid_text(device.push_token) && valid_text(device.referrer) &&
                          valid_text(u.name) && valid_text(u.email) && valid_text(u.address);
    return texts_ok ? Status::kOk : Status::kInvalidArgument;
}

void write_registration_json(const DeviceRegistration& device, json::JsonWriter& out) {
    out.begin_object();
    out.integer("type", static_cast<int64_t>(device.type));
    out.string("version", device.version);
    if (!device.push_token.empty()) out.string("pushToken", device.push_token);
    if (device.push_type != 0) out.integer("pushType", device.push_type);
    if (device.send_push_enabled) out.boolean("pushEnabled", device.push_enabled);
    write_user(device.user, out);
    if (!device.referrer.empty()) out.string("referrer", device.referrer);
    out.end_object();
}

void write_registration_query(const DeviceRegistration& device, DeviceQuery* out) {
    out->count = 0;
    add(out, "type", text::decimal(static_cast<uint8_t>(device.type), out->type));
    add(out, "version", device.version);
    add(out, "pushToken", device.push_token);
    if (device.push_type != 0)
        add(out, "pushType", text::decimal(device.push_type, out->push_type));
    if (device.send_push_enabled) add(out, "pushEnabled", device.push_enabled ? "1" : "0");
    add(out, "userAdditionalInformation[name]", device.user.name);
    add(out, "userAdditionalInformation[email]", device.user.email);
    add(out, "userAdditionalInformation[address]", device.user.address);
    add(out, "referrer", device.referrer);
}

}  // namespace net::parley
