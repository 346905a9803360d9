#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "boards/host/app_options.h"

#include <CppUTest/TestHarness.h>

namespace {

std::map<std::string, std::string> g_env;

const char* fake_env(const char* name) {
    const auto it = g_env.find(name);
    return it == g_env.end() ? nullptr : it->second.c_str();
}

struct Parsed {
    boards::host::ParseResult result;
    boards::host::AppOptions options;
};

Parsed parse(std::vector<const char*> args) {
    args.insert(args.begin(), "parley-ticket");
    Parsed p;
    p.result = boards::host::parse_app_options(static_cast<int>(args.size()), args.data(), fake_env,
                                               &p.options);
    return p;
}

std::string write_config(const std::string& text) {
    char path[] = "/tmp/parley-config-XXXXXX";
    const int fd = mkstemp(path);
    FILE* f = fdopen(fd, "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
    return path;
}

}  // namespace

TEST_GROUP(AppOptions){void teardown() override{g_env.clear();
}
}
;

TEST(AppOptions, DefaultsNeedNoConfiguration) {
    const Parsed p = parse({"send"});
    CHECK_TRUE(p.result.ok);
    STRCMP_EQUAL("kpn", p.options.dialect.c_str());
    STRCMP_EQUAL("json", p.options.encoding.c_str());
    CHECK_EQUAL(1U, p.options.args.size());
    STRCMP_EQUAL("send", p.options.args[0].c_str());
}

TEST(AppOptions, FlagsBeatEnvironmentWhichBeatsTheConfigFile) {
    const std::string config = write_config(
        "# comment\nserver = https://from-file.example/base\ndialect = parley\nca = file.pem\n");
    g_env["PARLEY_CONFIG"] = config;
    g_env["PARLEY_DIALECT"] = "kpn";
    g_env["PARLEY_CA"] = "env.pem";
    const Parsed p = parse({"--ca", "flag.pem", "send"});
    CHECK_TRUE(p.result.ok);
    STRCMP_EQUAL("https://from-file.example/base", p.options.server.c_str());
    STRCMP_EQUAL("kpn", p.options.dialect.c_str());
    STRCMP_EQUAL("flag.pem", p.options.ca_file.c_str());
    std::remove(config.c_str());
}

TEST(AppOptions, CommonFlagsWorkAfterTheCommandAndCommandFlagsPassThrough) {
    const Parsed p = parse({"send", "--fault", "E42", "--flash", "x.bin", "-v"});
    CHECK_TRUE(p.result.ok);
    STRCMP_EQUAL("x.bin", p.options.flash_file.c_str());
    CHECK_EQUAL(1, p.options.verbose);
    CHECK_EQUAL(3U, p.options.args.size());
    STRCMP_EQUAL("--fault", p.options.args[1].c_str());
    STRCMP_EQUAL("E42", p.options.args[2].c_str());
}

TEST(AppOptions, SecretsOnTheCommandLineAreRefusedWithAHint) {
    const Parsed p = parse({"--client-secret", "hunter2", "send"});
    CHECK_FALSE(p.result.ok);
    STRCMP_CONTAINS("never from the command line", p.result.error.c_str());
}

// After the command a flag passes to the command, which `status` ignored: a secret
// there was accepted without a word.
TEST(AppOptions, SecretsAfterTheCommandAreRefusedToo) {
    for (const char* flag : {"--password", "--access-token", "--account-secret"}) {
        const Parsed p = parse({"status", flag, "hunter2"});
        CHECK_FALSE(p.result.ok);
        STRCMP_CONTAINS("never from the command line", p.result.error.c_str());
    }
    CHECK_TRUE(parse({"status", "--token-url", "https://login.example/oauth"}).result.ok);
}

TEST(AppOptions, SecretsInTheConfigFileAreRefusedToo) {
    const std::string config = write_config("client_secret = hunter2\n");
    const Parsed p = parse({"--config", config.c_str(), "send"});
    CHECK_FALSE(p.result.ok);
    STRCMP_CONTAINS(":1: unknown setting 'client_secret' (secrets go through `provision`)",
                    p.result.error.c_str());
    std::remove(config.c_str());
}

TEST(AppOptions, BadValuesAreExplained) {
    Parsed p = parse({"--dialect", "soap"});
    CHECK_FALSE(p.result.ok);
    STRCMP_CONTAINS("--dialect must be 'kpn' or 'parley'", p.result.error.c_str());
    p = parse({"--server"});
    CHECK_FALSE(p.result.ok);
    STRCMP_CONTAINS("needs a value", p.result.error.c_str());
    p = parse({"--config", "/nonexistent/parley.conf"});
    CHECK_FALSE(p.result.ok);
    STRCMP_CONTAINS("cannot use the config file: '/nonexistent/parley.conf' does not exist",
                    p.result.error.c_str());
}

TEST(AppOptions, HelpIsNoticedAnywhere) {
    CHECK_TRUE(parse({"send", "--help"}).result.help);
    CHECK_TRUE(parse({"-h"}).result.help);
    STRCMP_CONTAINS("--server URL", boards::host::common_options_help());
}
