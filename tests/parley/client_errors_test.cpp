// How the client ends a call: the envelope and HTTP status mapped onto Status kinds,
// the error string and Retry-After kept, the one resend after a refused token, input
// refused before anything is sent, secrets kept out of the log, no heap on the way.
#include <string>

#include "tests/parley/client_rig.h"
#include "tests/support/alloc_guard.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::Dialect;
using net::parley::MessageType;
using net::parley::RequestEncoding;
using parley_test::ClientRig;
using parley_test::failure;
using parley_test::http_response;
using parley_test::success;

namespace {

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_GROUP(ClientErrors){};

TEST(ClientErrors, AnErrorWithHttp200IsAnError) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, failure("device_not_registered"))});
    CHECK_EQUAL(Status::kFailedPrecondition,
                rig.client.send_text("hi", MessageType::kUser, rig.deadline()).status());
    const net::parley::ApiError& e = rig.client.last_error();
    CHECK_EQUAL(Status::kFailedPrecondition, e.kind);
    CHECK_EQUAL(200, e.http_status);
    STRCMP_EQUAL("device_not_registered", e.error);
    CHECK_TRUE(net::parley::is_device_not_registered(e.error_string()));
}

TEST(ClientErrors, EveryDocumentedErrorStringThroughTheClient) {
    struct Case {
        const char* error;
        int http_status;
        Status kind;
    };
    const Case cases[] = {
        {"authentication_required", 401, Status::kBadCredentials},
        {"authentication_not_valid", 401, Status::kBadCredentials},
        {"authentication_expired", 401, Status::kBadCredentials},
        {"api_key_not_valid", 401, Status::kBadCredentials},
        {"device_not_registered", 400, Status::kFailedPrecondition},
        {"device_requires_authorization", 403, Status::kAuthorizationRequired},
        {"message_not_found", 404, Status::kNotFound},
        {"missing_message_or_image", 400, Status::kBadRequest},
        {"image_too_large", 400, Status::kBadRequest},
        {"invalid_image", 400, Status::kBadRequest},
        {"could_not_save_message", 500, Status::kRetryLater},
        {"invalid_message_type", 400, Status::kBadRequest},
        {"could_not_subscribe_device", 400, Status::kBadRequest},
        {"could_not_subscribe_device", 200, Status::kServiceError},
        {"invalid_version_format", 400, Status::kBadRequest},
        {"invalid_media_type", 400, Status::kBadRequest},
        {"media_too_large", 400, Status::kBadRequest},
        {"media_not_uploaded", 400, Status::kBadRequest},
        {"missing_media", 400, Status::kBadRequest},
    };
    ClientRig rig(Dialect::kParleyDirect);
    std::vector<std::string> responses;
    for (const Case& c : cases)
        responses.push_back(http_response(c.http_status, failure(c.error)));
    rig.serve(responses);
    for (const Case& c : cases) {
        const Status kind = rig.client.start_typing(rig.deadline());
        CHECK_EQUAL_TEXT(c.kind, kind, c.error);
        STRCMP_EQUAL(c.error, rig.client.last_error().error);
        CHECK_EQUAL(c.http_status, rig.client.last_error().http_status);
    }
    CHECK_EQUAL(1U, rig.socket.connects());  // every error body was read to its end
}

TEST(ClientErrors, TooManyRequestsKeepsRetryAfterSeconds) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(429, "", "Retry-After: 30\r\n")});
    CHECK_EQUAL(Status::kRetryLater, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(30, rig.client.last_error().retry_after_s);
    CHECK_EQUAL(429, rig.client.last_error().http_status);
}

TEST(ClientErrors, RetryAfterAsADateIsMeasuredAgainstTheResponseDate) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(503, "<html>down</html>",
                             "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                             "Retry-After: Sun, 06 Nov 1994 08:51:37 GMT\r\n")});
    CHECK_EQUAL(Status::kRetryLater, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(120, rig.client.last_error().retry_after_s);
}

TEST(ClientErrors, AServerErrorWithoutRetryAfterHasNoDelay) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(502, "<html>bad gateway</html>")});
    CHECK_EQUAL(Status::kRetryLater, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(-1, rig.client.last_error().retry_after_s);
    STRCMP_EQUAL("", rig.client.last_error().error);
}

TEST(ClientErrors, ASuccessThatIsNotJsonIsCorrupt) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, "<html>login page</html>"), http_response(200, "")});
    CHECK_EQUAL(Status::kCorrupt, rig.client.start_typing(rig.deadline()));
    // An empty success body is fine where no data is expected ...
    CHECK_EQUAL(Status::kOk, rig.client.stop_typing(rig.deadline()));
}

TEST(ClientErrors, ASendWithoutAMessageIdIsCorrupt) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success("{}")), http_response(200, "")});
    CHECK_EQUAL(Status::kCorrupt,
                rig.client.send_text("hi", MessageType::kUser, rig.deadline()).status());
    // ... but not where it is.
    CHECK_EQUAL(Status::kCorrupt,
                rig.client.send_text("hi", MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(Status::kCorrupt, rig.client.last_error().kind);
    CHECK_EQUAL(200, rig.client.last_error().http_status);
}

TEST(ClientErrors, TheDataOfAnErrorResponseIsNotDelivered) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(500, R"({"data":[)" + parley_test::message_json(1) +
                                      R"(],"notifications":[{"message":"x"}],"status":"ERROR"})")});
    parley_test::CollectingHandler handler;
    net::parley::PageResult page;
    CHECK_EQUAL(Status::kRetryLater, rig.client.get_messages(handler, &page, rig.deadline()));
    CHECK_EQUAL(0U, handler.ids.size());
    CHECK_EQUAL(0U, page.delivered);
}

TEST(ClientErrors, ARefusedTokenIsRenewedAndTheCallMadeOnceMore) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(401, failure("authentication_expired")),
               http_response(200, success(R"({"messageId":"77"})"))});
    const hal::Result<uint64_t> id =
        rig.client.send_text("again", MessageType::kUser, rig.deadline());
    CHECK_EQUAL(Status::kOk, id.status());
    CHECK_EQUAL(77U, id.value());
    CHECK_EQUAL(1, rig.tokens.refused);
    CHECK_EQUAL(1, rig.tokens.accepted);
    CHECK_EQUAL(2, rig.tokens.asked);
    const std::string sent = rig.sent();
    CHECK_EQUAL(2U, count(sent, "POST "));
    CHECK_EQUAL(1U, count(sent, "Authorization: Bearer tok-ONE-secret\r\n"));
    CHECK_EQUAL(1U, count(sent, "Authorization: Bearer tok-TWO-secret\r\n"));
    // The streamed body went out whole both times.
    CHECK_EQUAL(2U, count(sent, "\r\n\r\n{\"message\":\"again\",\"typeId\":1}"));
}

TEST(ClientErrors, ASecondRefusalIsTokenInvalid) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(401, ""), http_response(401, failure("authentication_not_valid")),
               http_response(200, success("{}"))});
    parley_test::CollectingHandler handler;
    net::parley::PageResult page;
    CHECK_EQUAL(Status::kTokenInvalid, rig.client.get_messages(handler, &page, rig.deadline()));
    CHECK_EQUAL(2, rig.tokens.refused);
    CHECK_EQUAL(0, rig.tokens.accepted);
    CHECK_EQUAL(2U, count(rig.sent(), "GET "));
    STRCMP_EQUAL("authentication_not_valid", rig.client.last_error().error);
}

TEST(ClientErrors, AnExpiredTokenReportedWithHttp200IsRenewedToo) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, failure("authentication_expired")),
               http_response(200, success("\"ok\""))});
    CHECK_EQUAL(Status::kOk, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(1, rig.tokens.refused);
}

TEST(ClientErrors, ParleyDirectRefusalsAreBadCredentialsWithoutAResend) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve(
        {http_response(401, failure("authentication_expired")), http_response(200, success("{}"))});
    CHECK_EQUAL(Status::kBadCredentials, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(1U, count(rig.sent(), "POST "));
    CHECK_EQUAL(0, rig.tokens.refused);
}

TEST(ClientErrors, TokenProviderErrorsPassThroughAndNothingIsSent) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.tokens.failure = Status::kBadCredentials;
    CHECK_EQUAL(Status::kBadCredentials, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(0U, rig.socket.connects());
    CHECK_EQUAL(0, rig.client.last_error().http_status);
    CHECK_EQUAL(0, rig.tokens.refused);
}

TEST(ClientErrors, TransportFailuresAreReportedAsSuch) {
    ClientRig rig(Dialect::kParleyDirect);
    http_test::ScriptedConnection refused;
    refused.connect_status = Status::kNetworkError;
    rig.socket.add(refused);
    CHECK_EQUAL(Status::kNetworkError,
                rig.client.send_text("x", MessageType::kUser, rig.deadline()).status());
    http_test::ScriptedConnection silent;
    silent.exchanges.push_back({""});
    rig.socket.add(silent);
    CHECK_EQUAL(Status::kOutcomeUnknown,
                rig.client.send_text("x", MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(0, rig.client.last_error().http_status);
}

TEST(ClientErrors, InvalidInputIsRefusedBeforeAnythingIsSent) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success(R"({"messageId":"1"})"))});
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.send_text("", MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client
                    .send_text(std::string(net::parley::kMaxTextLength + 1, 'x'),
                               MessageType::kUser, rig.deadline())
                    .status());
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.send_text("hi", MessageType::kAgent, rig.deadline()).status());
    net::parley::DeviceRegistration device;
    device.version = "1.2";
    CHECK_EQUAL(Status::kInvalidArgument, rig.client.subscribe_device(device, rig.deadline()));
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.send_media_message("", "x", rig.deadline()).status());
    CHECK_EQUAL(Status::kInvalidArgument, rig.client.last_error().kind);
    CHECK_EQUAL(0U, rig.socket.connects());
    CHECK_EQUAL(0, rig.tokens.asked);
}

TEST(ClientErrors, AConfigurationThatCannotWorkIsRefused) {
    ClientRig rig(Dialect::kParleyDirect);
    net::parley::ClientConfig config = rig.config;
    config.device_id = "short";
    net::parley::ParleyClient short_id(rig.http, rig.clock, config, nullptr,
                                       parley_test::workspace());
    CHECK_EQUAL(Status::kInvalidArgument, short_id.start_typing(rig.deadline()));
    config = rig.config;
    config.account_secret = "";
    net::parley::ParleyClient no_secret(rig.http, rig.clock, config, nullptr,
                                        parley_test::workspace());
    CHECK_EQUAL(Status::kInvalidArgument, no_secret.start_typing(rig.deadline()));
    config = rig.config;
    config.auth_string = "x\r\nInjected: yes";
    net::parley::ParleyClient injected(rig.http, rig.clock, config, nullptr,
                                       parley_test::workspace());
    CHECK_EQUAL(Status::kInvalidArgument, injected.start_typing(rig.deadline()));
    config = rig.config;
    config.dialect = Dialect::kKpnGateway;
    net::parley::ParleyClient no_tokens(rig.http, rig.clock, config, nullptr,
                                        parley_test::workspace());
    CHECK_EQUAL(Status::kInvalidArgument, no_tokens.start_typing(rig.deadline()));
    // The base path is checked here once, not per request (Request::path_prefix_checked).
    for (const std::string_view base : {"/a b", "/a?b=1", "a/b", "/a#b", "/caf\xc3\xa9"}) {
        config = rig.config;
        config.base_path = base;
        net::parley::ParleyClient bad_base(rig.http, rig.clock, config, nullptr,
                                           parley_test::workspace());
        CHECK_EQUAL(Status::kInvalidArgument, bad_base.start_typing(rig.deadline()));
    }
    CHECK_EQUAL(0U, rig.socket.connects());
}

TEST(ClientErrors, NeitherTheTokenNorTheAccountSecretReachesTheLog) {
    ClientRig kpn(Dialect::kKpnGateway);
    // Hostile answers that echo the credentials in every place an error string can be.
    kpn.serve({http_response(401, failure("tok-ONE-secret")),
               http_response(400, failure("Bearer tok-TWO-secret")),
               http_response(400, failure("invalid_message_type"))});
    CHECK_EQUAL(Status::kBadRequest, kpn.client.start_typing(kpn.deadline()));
    CHECK_EQUAL(Status::kBadRequest, kpn.client.stop_typing(kpn.deadline()));
    CHECK_FALSE(kpn.log.lines.empty());
    ClientRig direct(Dialect::kParleyDirect);
    direct.serve({http_response(403, failure(parley_test::kAccountSecret))});
    CHECK_EQUAL(Status::kBadCredentials, direct.client.start_typing(direct.deadline()));
    CHECK_FALSE(direct.log.lines.empty());
    for (const parley_test::RecordingLog* log : {&kpn.log, &direct.log}) {
        CHECK_FALSE(log->mentions("tok-"));
        CHECK_FALSE(log->mentions("SECRET"));
        CHECK_FALSE(log->mentions("Bearer"));
    }
    CHECK_TRUE(kpn.log.mentions("invalid_message_type"));  // documented codes are logged
}

// The token and the account secret go from their owners straight into the request head
// (in the HTTP buffer, wiped after sending): no copy stays in the workspace or that buffer.
TEST(ClientErrors, NoTokenOrSecretStaysInAnyBufferAfterARequest) {
    for (const Dialect dialect : {Dialect::kKpnGateway, Dialect::kParleyDirect}) {
        ClientRig rig(dialect);
        rig.serve({http_response(200, success("\"ok\""))});
        CHECK_EQUAL(Status::kOk, rig.client.start_typing(rig.deadline()));
        const std::string sent = rig.sent();
        const bool kpn = dialect == Dialect::kKpnGateway;
        CHECK(sent.find(kpn ? "\r\nAuthorization: Bearer tok-ONE-secret\r\n"
                            : "\r\nx-iris-identification: acct-SECRET-9x:") != std::string::npos);
        const auto& workspace = parley_test::workspace();
        const std::string left =
            std::string(reinterpret_cast<const char*>(&workspace), sizeof workspace) +
            std::string(reinterpret_cast<const char*>(rig.work), sizeof rig.work);
        CHECK_EQUAL(std::string::npos, left.find("SECRET"));
        CHECK_EQUAL(std::string::npos, left.find("secret"));
    }
}

TEST(ClientErrors, TheMainPathsAllocateNothing) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kJsonBody, 0);
    rig.socket.stop_recording();
    hal::set_log(nullptr);  // the recording log allocates
    std::vector<std::string> elements;
    for (uint64_t id = 100; id < 150; ++id)
        elements.push_back(parley_test::message_json(id, 5000));
    rig.serve({http_response(401, failure("authentication_expired")),
               http_response(200, parley_test::page_json(elements)),
               http_response(200, success(R"({"messageId":"151"})")),
               http_response(200, success("{}")), http_response(200, success("\"ok\"")),
               http_response(429, failure("x"), "Retry-After: 5\r\n")});
    parley_test::CountingHandler handler;
    static net::parley::PageResult page;
    net::parley::DeviceRegistration device;
    device.version = "1.2.3";
    const std::string text(5000, 't');
    Status paged, sent, subscribed, typed, limited;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        paged = rig.client.get_messages_after(99, handler, &page, rig.deadline());
        sent = rig.client.send_text(text, MessageType::kUser, rig.deadline()).status();
        subscribed = rig.client.subscribe_device(device, rig.deadline());
        typed = rig.client.start_typing(rig.deadline());
        limited = rig.client.stop_typing(rig.deadline());
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0U, allocations);
    CHECK_EQUAL(Status::kOk, paged);
    CHECK_EQUAL(Status::kOk, sent);
    CHECK_EQUAL(Status::kOk, subscribed);
    CHECK_EQUAL(Status::kOk, typed);
    CHECK_EQUAL(Status::kRetryLater, limited);
    CHECK_EQUAL(50U, handler.messages);
    CHECK_EQUAL(149U, page.highest_id);
}
