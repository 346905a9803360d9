// The registered user's string on the host: read by `provision --user` from stdin or a
// file (parse_user_auth), and refused on the command line and in a config file with the
// way to provision it.
#include <CppUTest/TestHarness.h>

#include <string>
#include <vector>

#include "boards/host/app_options.h"
#include "boards/host/credentials_input.h"

namespace {

const char* no_env(const char*) {
    return nullptr;
}

boards::host::ParseResult parse(std::vector<const char*> args) {
    args.insert(args.begin(), "parley-kiosk");
    boards::host::AppOptions options;
    return boards::host::parse_app_options(static_cast<int>(args.size()), args.data(), no_env,
                                           &options);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Parsed {
    bool ok = false;
    std::string user;
    std::string error;
};

Parsed parse_user(std::string_view text) {
    Parsed p;
    p.ok = boards::host::parse_user_auth(text, &p.user, &p.error);
    return p;
}

}  // namespace

TEST_GROUP(UserAuthInput){};

TEST(UserAuthInput, OneLineOrAnAuthStringLine) {
    STRCMP_EQUAL("user-42 opaque", parse_user("  user-42 opaque \n").user.c_str());
    STRCMP_EQUAL("tok=en", parse_user("# the kiosk's user\n\nauth_string = tok=en\n").user.c_str());
    STRCMP_EQUAL("abc", parse_user("abc").user.c_str());
}

TEST(UserAuthInput, RefusesNoneTwoAndWhatCannotBeAHeaderWithoutRepeatingIt) {
    const char* const refused[] = {
        "",           "# only a comment\n", "first\nsecond\n", "auth_string=\n", "tab\tinside",
        "caf\xc3\xa9"};
    for (const char* text : refused) {
        const Parsed p = parse_user(text);
        CHECK_FALSE_TEXT(p.ok, text);
        CHECK_TRUE(p.user.empty());
        CHECK_FALSE(p.error.empty());
    }
    const Parsed two = parse_user("secret-one\nsecret-two\n");
    CHECK_FALSE(contains(two.error, "secret-one") || contains(two.error, "secret-two"));
    const Parsed nul = parse_user(std::string_view("a\0b", 3));
    CHECK_FALSE(nul.ok);
}

TEST(UserAuthInput, RefusesAStringOverTheLimit) {
    const std::string longest(boards::host::kMaxUserAuthBytes, 'u');
    CHECK_TRUE(parse_user(longest).ok);
    const Parsed over = parse_user(longest + "u");
    CHECK_FALSE(over.ok);
    CHECK_TRUE(contains(over.error, std::to_string(boards::host::kMaxUserAuthBytes)));
}

TEST(UserAuthInput, OnTheCommandLineItIsRefusedWithThePointerToProvision) {
    for (const char* flag : {"--auth-string", "--authorization", "--authstring"}) {
        const boards::host::ParseResult before = parse({flag, "user-42", "chat"});
        CHECK_FALSE(before.ok);
        CHECK_TEXT(contains(before.error, "provision --user"), before.error.c_str());
        CHECK_FALSE(contains(before.error, "user-42"));
        const boards::host::ParseResult after = parse({"provision", flag, "user-42"});
        CHECK_FALSE(after.ok);
        CHECK_TEXT(contains(after.error, "provision --user"), after.error.c_str());
    }
}

TEST(UserAuthInput, InAConfigFileItIsRefusedWithThePointerToProvision) {
    boards::host::AppOptions options;
    const boards::host::ParseResult r =
        boards::host::parse_config_text("auth_string = user-42\n", "kiosk.conf", &options);
    CHECK_FALSE(r.ok);
    CHECK_TEXT(contains(r.error, "kiosk.conf:1:"), r.error.c_str());
    CHECK_TEXT(contains(r.error, "provision --user"), r.error.c_str());
    CHECK_FALSE(contains(r.error, "user-42"));
}
