#include "tests/integration/sim_rig.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "hal/log.h"
#include "net/oauth/token_request.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "port/posix/entropy.h"
#include "port/posix/stderr_log.h"

#include <CppUTest/TestHarness.h>

namespace integration {
namespace {

port::posix::SystemClock g_clock;
port::posix::GetrandomEntropy g_entropy;
// The device's own arena size: the suite proves the stack fits in it.
alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];
// One workspace for every rig: tests run one at a time (48 KB+, static as on a device).
net::parley::ParleyWorkspace g_workspace;
// Control replies (a conversation of a few hundred messages is well under 1 MB).
alignas(16) uint8_t g_control_arena[4 * 1024 * 1024];
net::json::JsonDocument g_control_doc{hal::ByteSpan(g_control_arena)};
net::parley::Message g_last_message;

std::vector<uint8_t> load_ca() {
    std::ifstream in(std::string(PARLEY_TEST_CERT_DIR) + "/ca.pem", std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    bytes.push_back('\0');  // PEM is parsed with its terminator
    return bytes;
}

// The simulator's request log (INFO), started afresh by each run: the place to look
// when a test here fails.
constexpr const char* kSimLog = PARLEY_INTEGRATION_LOG_DIR "/parley-sim.log";

test::SimOptions sim_options() {
    std::ofstream truncate(kSimLog, std::ios::trunc);
    return test::SimOptions{PARLEY_TEST_CERT_DIR, {"--log-file", kSimLog}};
}

// Made before the first test, outside CppUTest's leak accounting; the simulator lives
// until the process exits (its destructor stops it).
const std::vector<uint8_t> g_ca = load_ca();
const test::SimProcess g_sim(sim_options());

// Log lines go to stderr with PARLEY_IT_LOG=debug|info|warn set, else nowhere; each is
// checked for secrets either way (headers and bodies must never be logged).
class WatchLog final : public hal::Log {
  public:
    WatchLog() : out_(g_clock, level_from_env()) {}
    void write(hal::LogLevel level, std::string_view module, std::string_view message) override {
        for (const char* secret : {kClientSecret, kAccountSecret, "Bearer "}) {
            if (message.find(secret) != std::string_view::npos) ++leaks;
        }
        if (enabled_) out_.write(level, module, message);
    }
    int leaks = 0;

  private:
    static hal::LogLevel level_from_env() {
        const char* env = std::getenv("PARLEY_IT_LOG");
        if (env == nullptr) return hal::LogLevel::kError;
        if (std::strcmp(env, "debug") == 0) return hal::LogLevel::kDebug;
        if (std::strcmp(env, "info") == 0) return hal::LogLevel::kInfo;
        return hal::LogLevel::kWarn;
    }
    port::posix::StderrLog out_;
    bool enabled_ = std::getenv("PARLEY_IT_LOG") != nullptr;
};

WatchLog g_log;

}  // namespace

void platform_once() {
    static bool done = false;
    if (done) return;
    const net::tls::PlatformConfig config{hal::ByteSpan(g_tls_arena), &g_entropy, &g_clock, 0};
    const hal::Status status = net::tls::platform_init(config);
    CHECK_EQUAL(hal::Status::kOk, status);
    done = true;
}

std::string origin_for(Dialect dialect) {
    return "https://localhost:" + std::to_string(g_sim.api_port()) +
           (dialect == Dialect::kKpnGateway ? kKpnBasePath : kParleyBasePath);
}

hal::ConstByteSpan ca_bundle() {
    return hal::ConstByteSpan(g_ca.data(), g_ca.size());
}

hal::Clock& sim_clock() {
    return g_clock;
}

hal::Millis now_ms() {
    return g_clock.now_ms();
}

const test::SimProcess& sim() {
    return g_sim;
}

// ---- CountingSocket -------------------------------------------------------------------

hal::Status CountingSocket::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    ++connects;
    const uint64_t sent_before = below_ != nullptr ? below_->sent : 0;
    const uint64_t received_before = below_ != nullptr ? below_->received : 0;
    const hal::Status status = inner_.connect(host, port, deadline);
    if (below_ != nullptr) {
        handshake_sent = below_->sent - sent_before;
        handshake_received = below_->received - received_before;
    }
    return status;
}

hal::Result<size_t> CountingSocket::send(hal::ConstByteSpan data, hal::Millis deadline) {
    const hal::Result<size_t> n = inner_.send(data, deadline);
    if (n.ok()) {
        sent += n.value();
        if (capture_sent != nullptr) capture_sent->append(hal::as_chars(data.first(n.value())));
    }
    return n;
}

hal::Result<size_t> CountingSocket::recv(hal::ByteSpan out, hal::Millis deadline) {
    const hal::Result<size_t> n = inner_.recv(out, deadline);
    if (n.ok()) {
        received += n.value();
        if (capture_received != nullptr) {
            capture_received->append(hal::as_chars(out.first(n.value())));
        }
    }
    return n;
}

// ---- in-memory seams ------------------------------------------------------------------

hal::Status MemoryTokenStorage::load(firmware::token::KeptToken* out) {
    if (!kept_) return hal::Status::kNotFound;
    *out = token_;
    return hal::Status::kOk;
}

hal::Status MemoryTokenStorage::save(const firmware::token::KeptToken& token) {
    token_ = token;
    kept_ = true;
    ++saves;
    return hal::Status::kOk;
}

hal::Status MemoryCredentials::read_credentials(hal::CharSpan id, size_t* id_length,
                                                hal::CharSpan secret, size_t* secret_length) {
    if (id_.size() > id.size() || secret_.size() > secret.size()) {
        return hal::Status::kBufferTooSmall;
    }
    std::memcpy(id.data(), id_.data(), id_.size());
    std::memcpy(secret.data(), secret_.data(), secret_.size());
    *id_length = id_.size();
    *secret_length = secret_.size();
    return hal::Status::kOk;
}

// ---- Rig ------------------------------------------------------------------------------

namespace {

net::parley::ClientConfig make_config(const RigOptions& options, const net::url::Url& origin) {
    net::parley::ClientConfig config;
    config.dialect = options.dialect;
    config.encoding = options.encoding;
    config.base_path = origin.base_path;
    config.device_id = options.device_id;
    if (options.dialect == Dialect::kParleyDirect) config.account_secret = options.account_secret;
    config.auth_string = options.auth_string;
    config.api_version = options.api_version;
    return config;
}

}  // namespace

Rig::Rig(const RigOptions& opts)
    : options(opts),
      origin_text(origin_for(opts.dialect)),
      tcp(g_clock),
      wire(tcp),
      tls(wire, g_clock),
      plain(tls, &wire),
      origin(net::url::parse_url(origin_text).value()),
      http(plain, g_clock, origin, hal::ByteSpan(http_buffer)),
      credentials(kClientId, opts.client_secret),
      token_source(http, net::oauth::kTokenPath, credentials, hal::ByteSpan(token_answer)),
      keeper(token_storage, token_source, g_clock),
      provider(keeper),
      config(make_config(opts, origin)),
      client(http, g_clock, config, opts.dialect == Dialect::kKpnGateway ? &provider : nullptr,
             g_workspace) {
    platform_once();
    const hal::Status configured = tls.configure({hal::ConstByteSpan(g_ca.data(), g_ca.size())});
    CHECK_EQUAL(hal::Status::kOk, configured);
    keeper.boot();
}

Rig::~Rig() {
    http.close();
}

void begin_test() {
    hal::set_log(&g_log);
    g_log.leaks = 0;
    const bool started = g_sim.started();
    CHECK_TEXT(started, g_sim.startup_output().c_str());
    control_post("/reset", "{}");
}

void end_test() {
    hal::set_log(nullptr);
    const int leaks = g_log.leaks;
    CHECK_EQUAL_TEXT(0, leaks, "a secret reached the log");
}

void Rig::subscribe() {
    net::parley::DeviceRegistration device;
    device.type = net::parley::DeviceType::kCustom;
    device.version = "1.4.2";
    const hal::Status status = client.subscribe_device(device, deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
}

uint64_t Rig::send(std::string_view text, net::parley::MessageType type) {
    const hal::Result<uint64_t> id = client.send_text(text, type, deadline());
    CHECK_EQUAL(hal::Status::kOk, id.status());
    return id.value();
}

// ---- control API ----------------------------------------------------------------------

std::string control(const char* method, const std::string& path, const std::string& body) {
    const test::ControlReply reply = g_sim.control(method, path, body);
    const std::string what = std::string(method) + " " + path + " -> " + reply.body;
    CHECK_EQUAL_TEXT(200, reply.status, what.c_str());
    return reply.body;
}

std::string control_get(const std::string& path) {
    return control("GET", path);
}

std::string control_post(const std::string& path, const std::string& body) {
    return control("POST", path, body);
}

void add_fault(const std::string& json) {
    control_post("/faults", json);
}

void clear_faults() {
    control("DELETE", "/faults");
}

void set_settings(const std::string& json) {
    control_post("/settings", json);
}

long settle(bool keep_newest) {
    const net::json::Value reply =
        parse_control(control_post("/settle", keep_newest ? R"({"keep_newest": true})" : "{}"));
    return static_cast<long>(int_member(reply, "live"));
}

uint64_t agent_reply(const std::string& device, const std::string& text,
                     const std::string& extra_members) {
    std::string body = R"({"agent": "Alice", "message": ")" + text + "\"";
    if (!extra_members.empty()) body += ", " + extra_members;
    body += "}";
    const net::json::Value reply =
        parse_control(control_post("/conversations/" + device + "/reply", body));
    return static_cast<uint64_t>(int_member(reply["message"], "id"));
}

net::json::Value parse_control(const std::string& text) {
    const hal::Status parsed = g_control_doc.parse(text);
    CHECK_EQUAL_TEXT(hal::Status::kOk, parsed, text.substr(0, 200).c_str());
    return g_control_doc.root();
}

net::json::Value conversation(const std::string& device) {
    return parse_control(control_get("/conversations/" + device));
}

long requests_for(const std::string& endpoint) {
    const net::json::Value stats = parse_control(control_get("/stats"));
    const int64_t n = int_member(stats["requests"], endpoint.c_str());
    return n < 0 ? 0 : static_cast<long>(n);
}

long stat_number(const char* section, const char* key) {
    const net::json::Value stats = parse_control(control_get("/stats"));
    const net::json::Value where = section[0] == '\0' ? stats : stats[section];
    return static_cast<long>(int_member(where, key));
}

size_t api_request_count() {
    return parse_control(control_get("/requests"))["requests"].size();
}

int64_t int_member(net::json::Value object, const char* key) {
    return object[key].as_int64().value_or(-1);
}

std::string string_member(net::json::Value object, const char* key) {
    return std::string(object[key].as_string().value_or(std::string_view()));
}

// ---- handlers and sources -------------------------------------------------------------

void LastMessage::on_message(const net::parley::Message& m) {
    g_last_message = m;
    text_ = streamed_.take();
    ++count;
}

const net::parley::Message& LastMessage::message() const {
    return g_last_message;
}

uint8_t GeneratedPng::byte_at(uint64_t offset) {
    static constexpr uint8_t kSignature[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (offset < sizeof kSignature) return kSignature[offset];
    // xorshift over the offset: every byte value occurs, the boundary line never does.
    uint64_t x = offset * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 32;
    return static_cast<uint8_t>(x);
}

hal::Result<size_t> GeneratedPng::read(hal::ByteSpan out) {
    size_t n = 0;
    while (n < out.size() && offset_ < size_)
        out[n++] = byte_at(offset_++);
    return n;
}

std::vector<uint8_t> GeneratedPng::all() const {
    std::vector<uint8_t> bytes(size_);
    for (uint64_t i = 0; i < size_; ++i)
        bytes[i] = byte_at(i);
    return bytes;
}

}  // namespace integration
