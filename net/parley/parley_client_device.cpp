// The device and account endpoints: subscription, typing events, config.
#include "net/json/json_writer.h"
#include "net/parley/parley_call.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr std::string_view kDevicesPath = "/devices";
constexpr std::string_view kStartTypingPath = "/services/event/startTyping";
constexpr std::string_view kStopTypingPath = "/services/event/stopTyping";
constexpr std::string_view kConfigPath = "/config";

}  // namespace

hal::Status ParleyClient::subscribe_device(const DeviceRegistration& device, hal::Millis deadline) {
    const Status valid = check_registration(device);
    if (valid != Status::kOk) return reject(valid);
    if (config_.encoding == RequestEncoding::kQueryString) {
        return send_devices_query(device, deadline);
    }
    json::JsonWriter body(work_.body());
    write_registration_json(device, body);
    if (body.status() != Status::kOk) return reject(body.status());
    Call call;
    call.method = http::Method::kPost;
    call.path = kDevicesPath;
    call.content_type = kJsonContentType;
    call.body = hal::as_bytes(body.view());
    return perform(call, deadline);
}

hal::Status ParleyClient::send_devices_query(const DeviceRegistration& device,
                                             hal::Millis deadline) {
    DeviceQuery query;
    write_registration_query(device, &query);
    Call call;
    call.method = http::Method::kPost;
    call.path = kDevicesPath;
    call.query = query.span();
    return perform(call, deadline);
}

hal::Status ParleyClient::start_typing(hal::Millis deadline) {
    return post_typing(kStartTypingPath, deadline);
}

hal::Status ParleyClient::stop_typing(hal::Millis deadline) {
    return post_typing(kStopTypingPath, deadline);
}

hal::Status ParleyClient::post_typing(std::string_view path, hal::Millis deadline) {
    Call call;
    call.method = http::Method::kPost;
    call.path = path;
    return perform(call, deadline);
}

hal::Result<size_t> ParleyClient::get_config(hal::CharSpan out, hal::Millis deadline) {
    JsonCopyReader reader(out);
    Call call;
    call.path = kConfigPath;
    call.data = &reader;
    HAL_TRY(perform(call, deadline));
    if (reader.result() != Status::kOk) return fail(reader.result());
    return reader.length();
}

}  // namespace net::parley
