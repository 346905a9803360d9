// find_member: one member of an object's raw text, top level only, on a prefix too.
#include <string>
#include <string_view>

#include "net/json/json_member_lookup.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

TEST_GROUP(JsonMemberLookup){};

TEST(JsonMemberLookup, FindsTopLevelMembersOnly) {
    const std::string_view json = R"({"agent":{"id":1,"isTyping":true},"id":"42","isTyping":0})";
    STRCMP_EQUAL("\"42\"", std::string(net::json::find_member(json, "id").value()).c_str());
    STRCMP_EQUAL("0", std::string(net::json::find_member(json, "isTyping").value()).c_str());
    STRCMP_EQUAL("{\"id\":1,\"isTyping\":true}",
                 std::string(net::json::find_member(json, "agent").value()).c_str());
    CHECK_EQUAL(Status::kNotFound, net::json::find_member(json, "name").status());
}

TEST(JsonMemberLookup, WorksOnAPrefixUpToTheCut) {
    const std::string_view prefix = R"({"id":1234,"message":"a very long text that was cu)";
    STRCMP_EQUAL("1234", std::string(net::json::find_member(prefix, "id").value()).c_str());
    CHECK_EQUAL(Status::kNotFound, net::json::find_member(prefix, "message").status());
    CHECK_EQUAL(Status::kNotFound, net::json::find_member(R"({"id":12)", "id").status());
    CHECK_EQUAL(Status::kNotFound, net::json::find_member("[1]", "id").status());
}
