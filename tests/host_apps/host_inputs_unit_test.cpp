// The host apps' bounded inputs as functions: the file helper (types, sizes, stdin cap),
// the config-file and credentials parsers on byte buffers, the https-only option check
// and the composition refusing a plain-HTTP URL even when the options let one through.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "boards/host/app_options.h"
#include "boards/host/bounded_file.h"
#include "boards/host/console_format.h"
#include "boards/host/credentials_input.h"
#include "boards/host/host_device.h"

#include <CppUTest/TestHarness.h>

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A fresh temporary directory, removed with everything in it by the group's teardown.
std::string make_temp_dir() {
    char path[] = "/tmp/parley-host-inputs-XXXXXX";
    CHECK_TRUE(mkdtemp(path) != nullptr);
    return path;
}

void write_text(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    CHECK_TRUE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

class NullListener final : public firmware::messenger::MessengerListener {
  public:
    void on_message(const net::parley::Message&) override {}
};

}  // namespace

TEST_GROUP(BoundedFile) {
    std::string dir;
    std::string text;
    std::string error;
    void setup() override {
        dir = make_temp_dir();
    }
    void teardown() override {
        const std::string command = "rm -rf '" + dir + "'";
        CHECK_EQUAL(0, std::system(command.c_str()));
    }
};

TEST(BoundedFile, ReadsARegularFileWithinItsLimit) {
    write_text(dir + "/a.txt", "hello");
    CHECK_TRUE(boards::host::read_bounded_file(dir + "/a.txt", 5, &text, &error));
    STRCMP_EQUAL("hello", text.c_str());
}

TEST(BoundedFile, RefusesAFileOverItsLimitNamingBothSizes) {
    write_text(dir + "/a.txt", "hello!");
    CHECK_FALSE(boards::host::read_bounded_file(dir + "/a.txt", 5, &text, &error));
    STRCMP_EQUAL(("'" + dir + "/a.txt' is 6 bytes, over the limit of 5 bytes").c_str(),
                 error.c_str());
}

TEST(BoundedFile, RefusesADirectoryADeviceAFifoAndAMissingFile) {
    CHECK_FALSE(boards::host::read_bounded_file(dir, 100, &text, &error));
    CHECK_TEXT(contains(error, "is a directory"), error.c_str());
    CHECK_FALSE(boards::host::read_bounded_file("/dev/zero", 100, &text, &error));
    CHECK_TEXT(contains(error, "'/dev/zero' is a character device"), error.c_str());
    const std::string fifo = dir + "/fifo";
    CHECK_EQUAL(0, mkfifo(fifo.c_str(), 0600));
    CHECK_FALSE(boards::host::read_bounded_file(fifo, 100, &text, &error));  // no writer: no wait
    CHECK_TEXT(contains(error, "is a FIFO"), error.c_str());
    CHECK_FALSE(boards::host::read_bounded_file(dir + "/none", 100, &text, &error));
    CHECK_TEXT(contains(error, "does not exist"), error.c_str());
}

TEST(BoundedFile, AProcFileThatSaysSizeZeroIsReadWithTheSameCap) {
    CHECK_TRUE(boards::host::read_bounded_file("/proc/self/stat", 4096, &text, &error));
    CHECK_TRUE(!text.empty());
    CHECK_FALSE(boards::host::read_bounded_file("/proc/self/stat", 4, &text, &error));
    CHECK_TEXT(contains(error, "is longer than the limit of 4 bytes"), error.c_str());
}

TEST(BoundedFile, AStreamIsCutOffOneByteAfterItsLimit) {
    const int fd = ::open("/dev/zero", O_RDONLY);
    CHECK_TRUE(fd >= 0);
    CHECK_FALSE(boards::host::read_bounded_stream(fd, "stdin", 1024, &text, &error));
    ::close(fd);
    STRCMP_EQUAL("stdin is longer than the limit of 1 KiB", error.c_str());
    CHECK_TRUE(text.empty());
}

TEST(BoundedFile, AnOptionalFileMayBeMissingButNotOfTheWrongKind) {
    CHECK_TRUE(boards::host::check_optional_file(dir + "/none", 10, &error));
    write_text(dir + "/a.bin", "12345");
    CHECK_TRUE(boards::host::check_optional_file(dir + "/a.bin", 5, &error));
    CHECK_FALSE(boards::host::check_optional_file(dir + "/a.bin", 4, &error));
    CHECK_FALSE(boards::host::check_optional_file(dir, 4, &error));
    CHECK_TEXT(contains(error, "is a directory"), error.c_str());
}

TEST_GROUP(ConfigText){};

TEST(ConfigText, AppliesKeysAndReportsTheLineOfAnUnknownOne) {
    boards::host::AppOptions options;
    boards::host::ParseResult r =
        boards::host::parse_config_text("# c\n\n  dialect = parley \r\nca=x.pem", "cfg", &options);
    CHECK_TRUE(r.ok);
    STRCMP_EQUAL("parley", options.dialect.c_str());
    STRCMP_EQUAL("x.pem", options.ca_file.c_str());
    r = boards::host::parse_config_text("ca = a\nnope = 1\n", "cfg", &options);
    CHECK_FALSE(r.ok);
    STRCMP_EQUAL("cfg:2: unknown setting 'nope'", r.error.c_str());
}

TEST(ConfigText, RefusesSecretsNulBytesAndOverSizeText) {
    boards::host::AppOptions options;
    boards::host::ParseResult r =
        boards::host::parse_config_text("client_secret = s3cret\n", "cfg", &options);
    CHECK_FALSE(r.ok);
    CHECK_TEXT(contains(r.error, "secrets go through `provision`"), r.error.c_str());
    CHECK_FALSE(contains(r.error, "s3cret"));
    r = boards::host::parse_config_text(std::string("ca = a\0b\n", 9), "cfg", &options);
    CHECK_FALSE(r.ok);
    CHECK_TEXT(contains(r.error, "NUL byte"), r.error.c_str());
    r = boards::host::parse_config_text(std::string(boards::host::kMaxConfigFileBytes + 1, '#'),
                                        "cfg", &options);
    CHECK_FALSE(r.ok);
    CHECK_TEXT(contains(r.error, "over the limit of 64 KiB"), r.error.c_str());
}

TEST_GROUP(HttpsOnly){};

TEST(HttpsOnly, HttpAndOtherSchemesAreRefusedWithTheReason) {
    std::string error;
    CHECK_TRUE(boards::host::check_https_url("https://example.com/base", "--server", &error));
    CHECK_FALSE(boards::host::check_https_url("http://example.com/base", "--server", &error));
    STRCMP_EQUAL(
        "--server 'http://example.com/base': the client speaks TLS only: use https:// (not "
        "http://)",
        error.c_str());
    CHECK_FALSE(boards::host::check_https_url("HTTP://example.com", "--token-url", &error));
    CHECK_TEXT(contains(error, "TLS only"), error.c_str());
    CHECK_FALSE(boards::host::check_https_url("ftp://example.com", "--server", &error));
    CHECK_TEXT(contains(error, "TLS only"), error.c_str());
    CHECK_FALSE(boards::host::check_https_url("example.com", "--server", &error));
    CHECK_TEXT(contains(error, "is not a valid https:// URL"), error.c_str());
}

TEST(HttpsOnly, TheOptionParserRefusesAnHttpServerOrTokenUrl) {
    for (const char* flag : {"--server", "--token-url"}) {
        const char* argv[] = {"parley-ticket", flag, "http://127.0.0.1:8443/x", "status"};
        boards::host::AppOptions options;
        const boards::host::ParseResult r = boards::host::parse_app_options(
            4, argv, [](const char*) -> const char* { return nullptr; }, &options);
        CHECK_FALSE(r.ok);
        CHECK_TEXT(contains(r.error, "the client speaks TLS only: use https://"), r.error.c_str());
    }
}

// The options refuse http://; the composition does not rely on that and refuses too
// (it once opened TLS to an http:// URL without a word).
TEST(HttpsOnly, TheHostCompositionRefusesAPlainHttpUrl) {
    const std::string dir = make_temp_dir();
    boards::host::AppOptions options;
    options.flash_file = dir + "/flash.bin";
    options.identity_file = dir + "/id.bin";
    options.ca_file = dir + "/ca.pem";
    options.dialect = "parley";
    options.server = "http://127.0.0.1:1/clientApi/v1.9";
    write_text(options.ca_file, "not parsed: the URL is refused first");
    std::string error;
    {
        boards::host::HostDevice device;
        CHECK_EQUAL(hal::Status::kOk, device.open_storage(options, &error));
        NullListener listener;
        CHECK_EQUAL(hal::Status::kUnsupported, device.open_network(listener, &error));
        STRCMP_EQUAL("'http://127.0.0.1': the client speaks TLS only: use https://", error.c_str());
    }
    CHECK_EQUAL(0, std::system(("rm -rf '" + dir + "'").c_str()));
}

TEST_GROUP(CredentialsText) {
    boards::host::CredentialsInput in;
    std::string error;
};

TEST(CredentialsText, TwoLinesOrKeyValues) {
    CHECK_TRUE(boards::host::parse_credentials("# c\n id \n secret \n", false, &in, &error));
    STRCMP_EQUAL("id", in.client_id.c_str());
    STRCMP_EQUAL("secret", in.client_secret.c_str());
    CHECK_TRUE(boards::host::parse_credentials("account_secret = a=b\n", true, &in, &error));
    STRCMP_EQUAL("a=b", in.client_secret.c_str());
    CHECK_FALSE(boards::host::parse_credentials("only-one\n", false, &in, &error));
    CHECK_TEXT(contains(error, "expected two lines"), error.c_str());
}

TEST(CredentialsText, OverLongValuesNulBytesAndOverSizeInputAreRefusedWithoutTheSecret) {
    const std::string secret(boards::host::kMaxClientSecretBytes + 1, 's');
    CHECK_FALSE(boards::host::parse_credentials("id\n" + secret + "\n", false, &in, &error));
    STRCMP_EQUAL("the secret is 257 bytes; the limit is 256", error.c_str());
    CHECK_TRUE(in.client_secret.empty());
    const std::string id(boards::host::kMaxClientIdBytes + 1, 'i');
    CHECK_FALSE(boards::host::parse_credentials(id + "\nsecret\n", false, &in, &error));
    CHECK_TEXT(contains(error, "the client id is 129 bytes"), error.c_str());
    CHECK_FALSE(
        boards::host::parse_credentials(std::string("id\nsec\0ret\n", 11), false, &in, &error));
    CHECK_TEXT(contains(error, "NUL byte"), error.c_str());
    CHECK_FALSE(contains(error, "sec"));
    CHECK_FALSE(boards::host::parse_credentials(
        std::string(boards::host::kMaxCredentialsInputBytes + 1, '#'), false, &in, &error));
    CHECK_TEXT(contains(error, "over the limit of 16 KiB"), error.c_str());
}

// How parley-ticket prints a reply (boards/host/console_format.h): buttons by kind with
// their targets, carousel items with theirs, quick replies; control characters from the
// service shown as U+FFFD, never written.
TEST_GROUP(ConsoleFormat){};

TEST(ConsoleFormat, ButtonsCarouselAndQuickRepliesAreListed) {
    net::parley::Message m;
    m.type = net::parley::MessageType::kAgent;
    m.agent.present = true;
    m.agent.name.assign("Alice");
    m.button_count = 3;
    m.buttons[0].type = net::parley::ButtonType::kReply;
    m.buttons[0].title.assign("Restart now");
    m.buttons[0].payload.assign("restart");
    m.buttons[1].type = net::parley::ButtonType::kWebUrl;
    m.buttons[1].title.assign("Manual");
    m.buttons[1].payload.assign("https://kpn.example/m");
    m.buttons[2].type = net::parley::ButtonType::kPhoneNumber;
    m.buttons[2].title.assign("Desk");
    m.buttons[2].payload.assign("+31 88 000");
    m.buttons[2].item = 1;
    m.carousel_count = 1;
    m.carousel[0].title.assign("Basic");
    m.carousel[0].text.assign("10 GB");
    m.quick_reply_count = 1;
    m.quick_replies[0].assign("Thanks");
    STRCMP_EQUAL(
        "Alice (--:--): Hi\n"
        "    [reply] Restart now\n"
        "    [link] Manual: https://kpn.example/m\n"
        "    * Basic: 10 GB\n"
        "        [call] Desk: +31 88 000\n"
        "    - Thanks\n",
        boards::host::format_message(m, "Hi").c_str());
}

TEST(ConsoleFormat, ControlCharactersAreShownNotWritten) {
    STRCMP_EQUAL("a\xEF\xBF\xBD[2Jb\n\tc\xEF\xBF\xBD",
                 boards::host::printable("a\x1b[2Jb\n\tc\xC2\x9B", true).c_str());
    STRCMP_EQUAL("a b c", boards::host::printable("a\nb\tc", false).c_str());
    net::parley::Message m;
    m.agent.present = true;
    m.agent.name.assign("\x1b]0;x\x07");
    const std::string shown = boards::host::format_message(m, "\x1b[H");
    CHECK_TRUE(shown.find('\x1b') == std::string::npos);
    CHECK_TRUE(shown.find('\x07') == std::string::npos);
}
