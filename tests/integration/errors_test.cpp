// The error strings of docs/protocol.md §5 end to end: the ones the simulator produces by
// itself (expired and revoked tokens, a wrong account secret, an unsubscribed device, a
// missing message, user authorization), the ones the client refuses to cause (its own
// input checks: nothing is sent), and the rest injected with the `status` fault, each
// mapped onto its Status kind (api_error.h) with the string and HTTP status kept.
#include <string>

#include "tests/integration/rig_fixture.h"
#include "tests/support/received_message.h"

using integration::Dialect;
using integration::Rig;
using integration::RigOptions;
using net::parley::MessageType;

namespace {

std::string status_fault(const char* path, const char* method, int status, const char* error,
                         int count = 1) {
    return std::string(R"({"kind": "status", "path": ")") + path + R"(", "method": ")" + method +
           R"(", "status": )" + std::to_string(status) + R"(, "error": ")" + error +
           R"(", "count": )" + std::to_string(count) + "}";
}

std::string error_of(const Rig& r) {
    return std::string(r.client.last_error().error_string());
}

std::string first_token() {
    const net::json::Value tokens = integration::parse_control(integration::control_get("/tokens"));
    return integration::string_member(tokens["tokens"].at(0), "token");
}

// A small upload for the media error cases.
hal::Status upload_small(Rig& r) {
    integration::GeneratedPng png(300);
    net::parley::MediaUpload upload;
    upload.source = &png;
    upload.size = 300;
    upload.filename = "small.png";
    upload.mime_type = "image/png";
    return r.client.upload_media(upload, Rig::deadline()).status();
}

enum class Call { kSubscribe, kSend, kSendMedia, kUpload, kPage, kOne, kTyping, kStatus, kUnseen };

hal::Status perform(Rig& r, Call call) {
    test::ReceivedMessage m;
    integration::Collector c;
    net::parley::PageResult page;
    net::parley::UnseenCount unseen;
    const uint64_t ids[] = {1};
    switch (call) {
        case Call::kSubscribe: {
            net::parley::DeviceRegistration device;
            device.version = "1.0.0";
            return r.client.subscribe_device(device, Rig::deadline());
        }
        case Call::kSend:
            return r.client.send_text("hello", MessageType::kUser, Rig::deadline()).status();
        case Call::kSendMedia:
            return r.client.send_media_message("abc.png", "x", Rig::deadline()).status();
        case Call::kUpload:
            return upload_small(r);
        case Call::kPage:
            return r.client.get_messages(c, &page, Rig::deadline());
        case Call::kOne:
            return r.client.get_message(1, m, Rig::deadline());
        case Call::kTyping:
            return r.client.start_typing(Rig::deadline());
        case Call::kStatus:
            return r.client.mark_messages(net::parley::DeliveryStatus::kRead,
                                          hal::Span<const uint64_t>(ids), Rig::deadline());
        case Call::kUnseen:
            return r.client.unseen_count(&unseen, Rig::deadline());
    }
    return hal::Status::kInternal;
}

struct Case {
    const char* error;
    int http_status;
    const char* path;
    const char* method;
    Call call;
    hal::Status expected;
};

// Every documented string but authentication_* (their KPN meaning is a renewal, tested
// on its own) and the ones the simulator produces naturally (also tested on their own).
constexpr Case kCases[] = {
    {"api_key_not_valid", 401, "/messages", "GET", Call::kPage, hal::Status::kBadCredentials},
    {"device_not_registered", 400, "/unseen", "GET", Call::kUnseen,
     hal::Status::kFailedPrecondition},
    {"device_requires_authorization", 401, "/services/event", "POST", Call::kTyping,
     hal::Status::kAuthorizationRequired},
    {"message_not_found", 404, "/messages/1", "GET", Call::kOne, hal::Status::kNotFound},
    {"missing_message_or_image", 400, "/messages", "POST", Call::kSend, hal::Status::kBadRequest},
    {"image_too_large", 400, "/messages", "POST", Call::kSend, hal::Status::kBadRequest},
    {"invalid_image", 400, "/messages", "POST", Call::kSend, hal::Status::kBadRequest},
    {"could_not_save_message", 500, "/messages", "POST", Call::kSend, hal::Status::kRetryLater},
    {"invalid_message_type", 400, "/messages", "POST", Call::kSend, hal::Status::kBadRequest},
    {"could_not_subscribe_device", 503, "/devices", "POST", Call::kSubscribe,
     hal::Status::kRetryLater},
    {"invalid_version_format", 400, "/devices", "POST", Call::kSubscribe, hal::Status::kBadRequest},
    {"invalid_media_type", 400, "/media", "POST", Call::kUpload, hal::Status::kBadRequest},
    {"media_too_large", 400, "/media", "POST", Call::kUpload, hal::Status::kBadRequest},
    {"media_not_uploaded", 400, "/messages", "POST", Call::kSendMedia, hal::Status::kBadRequest},
    {"missing_media", 400, "/media", "POST", Call::kUpload, hal::Status::kBadRequest},
    // HTTP 200 with "status": "ERROR": the string decides, else the HTTP status cannot.
    {"invalid_message_type", 200, "/messages", "POST", Call::kSend, hal::Status::kBadRequest},
    {"could_not_save_message", 200, "/messages", "POST", Call::kSend, hal::Status::kServiceError},
    {"missing_message_ids", 200, "/messages/status", "PUT", Call::kStatus,
     hal::Status::kBadRequest},
    // Strings nobody documented: the HTTP status decides.
    {"forbidden", 403, "/messages", "GET", Call::kPage, hal::Status::kBadCredentials},
    {"precondition_failed", 412, "/messages", "GET", Call::kPage, hal::Status::kBadRequest},
};

}  // namespace

TEST_GROUP_BASE(Errors, integration::RigFixture){};

// authentication_expired after POST /tokens/expire: renewed once, the call succeeds.
TEST(Errors, ExpiredTokenIsRenewedOnceAndTheCallSucceeds) {
    Rig& r = make(Dialect::kKpnGateway);
    r.subscribe();
    integration::control_post("/tokens/expire", "{}");
    const uint64_t id = r.send("after expiry");
    CHECK_TRUE(id > 0);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
    LONGS_EQUAL(2, integration::requests_for("POST /messages"));
    LONGS_EQUAL(1, integration::stat_number("statuses", "401"));
    LONGS_EQUAL(2, r.keeper.requests_made());
    LONGS_EQUAL(2, r.token_storage.saves);
    LONGS_EQUAL(1, integration::conversation()["messages"].size());
}

// A revoked token reads as authentication_expired: the same single renewal.
TEST(Errors, RevokedTokenIsRenewedOnceAndTheCallSucceeds) {
    Rig& r = make(Dialect::kKpnGateway);
    r.subscribe();
    integration::control_post("/tokens/revoke", R"({"token": ")" + first_token() + "\"}");
    integration::Collector c;
    net::parley::PageResult page;
    const hal::Status status = r.client.get_messages(c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
    LONGS_EQUAL(2, integration::requests_for("GET /messages"));
}

// Each authentication_* string on the KPN dialect means "renew the token once".
TEST(Errors, KpnAuthenticationErrorsRenewTheTokenOnce) {
    Rig& r = make(Dialect::kKpnGateway);
    r.subscribe();
    long tokens = 1;
    for (const char* error :
         {"authentication_required", "authentication_not_valid", "authentication_expired"}) {
        integration::add_fault(status_fault("/messages", "GET", 401, error));
        integration::Collector c;
        net::parley::PageResult page;
        const hal::Status status = r.client.get_messages(c, &page, Rig::deadline());
        CHECK_EQUAL_TEXT(hal::Status::kOk, status, error);
        ++tokens;
        LONGS_EQUAL_TEXT(tokens, integration::sim().stat("token_requests"), error);
    }
}

// A second refusal in a row is kTokenInvalid; the keeper then backs off instead of
// asking the token endpoint on every call.
TEST(Errors, TokenRefusedTwiceIsTokenInvalidAndNotHammered) {
    Rig& r = make(Dialect::kKpnGateway);
    r.subscribe();
    integration::add_fault(status_fault("/messages", "GET", 401, "authentication_expired", 2));
    integration::Collector c;
    net::parley::PageResult page;
    hal::Status status = r.client.get_messages(c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kTokenInvalid, status);
    STRCMP_EQUAL("authentication_expired", error_of(r).c_str());
    LONGS_EQUAL(401, r.client.last_error().http_status);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
    LONGS_EQUAL(2, integration::requests_for("GET /messages"));

    status = r.client.get_messages(c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kRetryLater, status);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
    LONGS_EQUAL(2, integration::requests_for("GET /messages"));
}

// Parley direct: a wrong account secret is authentication_not_valid → kBadCredentials,
// never resent (the secret is static).
TEST(Errors, ParleyDirectWrongAccountSecretIsBadCredentials) {
    RigOptions options;
    options.dialect = Dialect::kParleyDirect;
    options.account_secret = "not-the-account-secret";
    Rig& r = make(options);
    const hal::Status status = perform(r, Call::kSubscribe);
    CHECK_EQUAL(hal::Status::kBadCredentials, status);
    STRCMP_EQUAL("authentication_not_valid", error_of(r).c_str());
    LONGS_EQUAL(401, r.client.last_error().http_status);
    LONGS_EQUAL(1, integration::api_request_count());
}

// Parley direct: every authentication_* string is kBadCredentials, with one request.
TEST(Errors, ParleyDirectAuthenticationErrorsAreBadCredentials) {
    Rig& r = make(Dialect::kParleyDirect);
    r.subscribe();
    for (const char* error :
         {"authentication_required", "authentication_not_valid", "authentication_expired"}) {
        integration::add_fault(status_fault("/messages", "GET", 401, error));
        const hal::Status status = perform(r, Call::kPage);
        CHECK_EQUAL_TEXT(hal::Status::kBadCredentials, status, error);
        STRCMP_EQUAL(error, error_of(r).c_str());
    }
    LONGS_EQUAL(3, integration::requests_for("GET /messages"));
}

// KPN: a refused client secret is kBadCredentials and sticks: no second token request,
// no API request.
TEST(Errors, KpnWrongClientSecretIsBadCredentialsAndSticks) {
    RigOptions options;
    options.client_secret = "not-the-secret";
    Rig& r = make(options);
    hal::Status status = perform(r, Call::kSubscribe);
    CHECK_EQUAL(hal::Status::kBadCredentials, status);
    status = perform(r, Call::kPage);
    CHECK_EQUAL(hal::Status::kBadCredentials, status);
    LONGS_EQUAL(1, integration::sim().stat("token_requests"));
    LONGS_EQUAL(1, integration::api_request_count());
}

// device_not_registered (400): kFailedPrecondition, recognisable, no token renewal;
// subscribing fixes it.
DIALECT_TEST(Errors, DeviceNotRegisteredUntilSubscribed) {
    Rig& r = f.make(dialect);
    for (Call call : {Call::kPage, Call::kSend, Call::kUnseen}) {
        const hal::Status status = perform(r, call);
        CHECK_EQUAL(hal::Status::kFailedPrecondition, status);
        CHECK_TRUE(net::parley::is_device_not_registered(r.client.last_error().error_string()));
        LONGS_EQUAL(400, r.client.last_error().http_status);
    }
    r.subscribe();
    const hal::Status status = perform(r, Call::kPage);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(dialect == Dialect::kKpnGateway ? 1 : 0, integration::sim().stat("token_requests"));
}

// The other reading (setting unregistered_status 401): still kFailedPrecondition, and
// the token is not renewed for nothing.
TEST(Errors, DeviceNotRegisteredAs401DoesNotRenewTheToken) {
    integration::set_settings(R"({"unregistered_status": 401})");
    Rig& r = make(Dialect::kKpnGateway);
    const hal::Status status = perform(r, Call::kPage);
    CHECK_EQUAL(hal::Status::kFailedPrecondition, status);
    LONGS_EQUAL(401, r.client.last_error().http_status);
    LONGS_EQUAL(1, integration::sim().stat("token_requests"));
    LONGS_EQUAL(1, integration::requests_for("GET /messages"));
}

// device_requires_authorization (setting require_user_authorization): kAuthorizationRequired
// without an auth string, with no token renewal (KPN) and one request; the configured
// string arrives in the dialect's header and is accepted.
DIALECT_TEST(Errors, DeviceRequiresAuthorization) {
    integration::set_settings(R"({"require_user_authorization": true})");
    {
        Rig& r = f.make(dialect);
        const hal::Status status = perform(r, Call::kSubscribe);
        CHECK_EQUAL(hal::Status::kAuthorizationRequired, status);
        STRCMP_EQUAL("device_requires_authorization", error_of(r).c_str());
        LONGS_EQUAL(401, r.client.last_error().http_status);
        LONGS_EQUAL(1, integration::requests_for("POST /devices"));
        if (dialect == Dialect::kKpnGateway) {
            LONGS_EQUAL(1, integration::sim().stat("token_requests"));  // not a token fault
        }
    }
    RigOptions options;
    options.dialect = dialect;
    options.auth_string = "registered-user-0042";
    Rig& r = f.make(options);
    const hal::Status status = perform(r, Call::kSubscribe);
    CHECK_EQUAL(hal::Status::kOk, status);
    const net::json::Value headers = integration::conversation()["device"]["headers"];
    const char* header = dialect == Dialect::kKpnGateway ? "authString" : "Authorization";
    STRCMP_EQUAL("registered-user-0042", integration::string_member(headers, header).c_str());
}

// A string the service does not know (setting user_auth_strings) is refused the same way.
DIALECT_TEST(Errors, AnUnknownUserStringIsRefusedAsAuthorizationRequired) {
    integration::set_settings(R"({"user_auth_strings": ["registered-user-0042"]})");
    RigOptions options;
    options.dialect = dialect;
    options.auth_string = "someone-else";
    {
        Rig& r = f.make(options);
        CHECK_EQUAL(hal::Status::kAuthorizationRequired, perform(r, Call::kSubscribe));
    }
    options.auth_string = "registered-user-0042";
    Rig& r = f.make(options);
    CHECK_EQUAL(hal::Status::kOk, perform(r, Call::kSubscribe));
}

// message_not_found and media_not_uploaded as the simulator produces them.
DIALECT_TEST(Errors, MissingMessageAndUnknownMediaId) {
    Rig& r = f.make(dialect);
    r.subscribe();
    hal::Status status = perform(r, Call::kOne);
    CHECK_EQUAL(hal::Status::kNotFound, status);
    STRCMP_EQUAL("message_not_found", error_of(r).c_str());
    status = perform(r, Call::kSendMedia);
    CHECK_EQUAL(hal::Status::kBadRequest, status);
    STRCMP_EQUAL("media_not_uploaded", error_of(r).c_str());
    LONGS_EQUAL(400, r.client.last_error().http_status);
}

// invalid_version_format, invalid_message_type, missing_message_or_image,
// invalid_media_type and media_too_large cannot be caused: the client's input checks
// refuse before anything is sent (not even a token request).
DIALECT_TEST(Errors, InputChecksRefuseBeforeSending) {
    Rig& r = f.make(dialect);
    net::parley::DeviceRegistration device;
    device.version = "1.2";  // invalid_version_format on the service
    hal::Status status = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    device.version = "1.2.3.4.5";
    status = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    status = r.client.send_text("hi", MessageType::kAgent, Rig::deadline()).status();
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    status = r.client.send_text(" \n\t ", MessageType::kUser, Rig::deadline()).status();
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    integration::GeneratedPng png(100);
    net::parley::MediaUpload upload;
    upload.source = &png;
    upload.size = 100;
    upload.filename = "notes.txt";
    upload.mime_type = "text/plain";
    status = r.client.upload_media(upload, Rig::deadline()).status();
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    upload.mime_type = "image/png";
    upload.size = net::parley::kMaxMediaSize + 1;
    status = r.client.upload_media(upload, Rig::deadline()).status();
    CHECK_EQUAL(hal::Status::kInvalidArgument, status);
    LONGS_EQUAL(0, integration::api_request_count());
    LONGS_EQUAL(0, integration::stat_number("", "connections"));
}

// The remaining strings through the `status` fault, on the endpoints that return them.
DIALECT_TEST(Errors, DocumentedErrorStringsMapEndToEnd) {
    Rig& r = f.make(dialect);
    r.subscribe();
    for (const Case& c : kCases) {
        const std::string what = std::string(c.error) + " " + std::to_string(c.http_status);
        integration::add_fault(status_fault(c.path, c.method, c.http_status, c.error));
        const hal::Status status = perform(r, c.call);
        CHECK_EQUAL_TEXT(c.expected, status, what.c_str());
        STRCMP_EQUAL_TEXT(c.error, error_of(r).c_str(), what.c_str());
        LONGS_EQUAL_TEXT(c.http_status, r.client.last_error().http_status, what.c_str());
        LONGS_EQUAL_TEXT(-1, r.client.last_error().retry_after_s, what.c_str());
        const net::json::Value faults =
            integration::parse_control(integration::control_get("/faults"))["faults"];
        LONGS_EQUAL_TEXT(0, faults.size(), what.c_str());  // spent: it fired
    }
    // One token for the whole run: none of these is a token refusal.
    LONGS_EQUAL(dialect == Dialect::kKpnGateway ? 1 : 0, integration::sim().stat("token_requests"));
}
