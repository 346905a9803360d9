// curl_bench: the reference side of the benchmark — what a Linux kiosk's engineer would
// write with libcurl (OpenSSL) and cJSON, doing the same work as parley_bench on one
// kept-alive easy handle, with the same request heads (Host, Authorization,
// uniqueAppDeviceId, Content-Type, Content-Length; libcurl's default Accept removed):
//
//   token, subscribe, newest page; then N x (send a 42-byte text, poll messages after the
//   last one seen, which returns it)
//
// Used only by the benchmark (tools/bench); written in this project for it.
//
// usage: curl_bench --origin https://localhost:PORT/BASE --ca FILE.pem
//                   [--iterations N] [--suite any|aes128|aes256|chacha20]
//                   [--reconnect 1]   (each iteration on a new connection)
#include <cjson/cJSON.h>
#include <curl/curl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

const char* const kText = "Hello, my order #1234 has not arrived yet.";  // 42 bytes
const char* const kDeviceId = "3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17";
const char* const kTokenPath = "/oauth/client_credential/accesstoken?grant_type=client_credentials";

struct Options {
    std::string origin;  // scheme://host:port
    std::string base;    // the API's base path
    const char* ca = nullptr;
    long iterations = 1;
    const char* suite = nullptr;  // TLS 1.3 suite name for CURLOPT_TLS13_CIPHERS
    bool reconnect = false;       // each iteration on a new connection (a resumed handshake)
};

int usage(const char* why) {
    std::fprintf(stderr,
                 "curl_bench: %s\n"
                 "usage: curl_bench --origin https://localhost:PORT/BASE --ca FILE.pem\n"
                 "                  [--iterations N] [--suite any|aes128|aes256|chacha20]\n"
                 "                  [--reconnect 1]\n",
                 why);
    return 2;
}

bool parse_suite(const std::string& name, const char** out) {
    if (name == "any")
        *out = nullptr;
    else if (name == "aes128")
        *out = "TLS_AES_128_GCM_SHA256";
    else if (name == "aes256")
        *out = "TLS_AES_256_GCM_SHA384";
    else if (name == "chacha20")
        *out = "TLS_CHACHA20_POLY1305_SHA256";
    else
        return false;
    return true;
}

bool parse_options(int argc, char** argv, Options* options) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const std::string value = argv[i + 1];
        if (key == "--origin") {
            const size_t host = value.find("://");
            const size_t path = host == std::string::npos ? host : value.find('/', host + 3);
            if (path == std::string::npos) return false;
            options->origin = value.substr(0, path);
            options->base = value.substr(path);
        } else if (key == "--ca") {
            options->ca = argv[i + 1];
        } else if (key == "--iterations") {
            char* end = nullptr;
            options->iterations = std::strtol(argv[i + 1], &end, 10);
            if (*end != '\0' || options->iterations < 0) return false;
        } else if (key == "--suite") {
            if (!parse_suite(value, &options->suite)) return false;
        } else if (key == "--reconnect") {
            options->reconnect = value == "1";
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && !options->origin.empty() && options->ca != nullptr;
}

size_t append_body(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

class Client {
  public:
    explicit Client(const Options& options) : options_(options), curl_(curl_easy_init()) {
        curl_easy_setopt(curl_, CURLOPT_CAINFO, options.ca);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(curl_, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
        if (options.suite != nullptr) {
            curl_easy_setopt(curl_, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3);
            curl_easy_setopt(curl_, CURLOPT_TLS13_CIPHERS, options.suite);
        }
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 15L);
    }
    ~Client() {
        curl_slist_free_all(headers_);
        curl_easy_cleanup(curl_);
    }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool fetch_token() {
        curl_slist* headers = curl_slist_append(nullptr, "Accept: application/json");
        const bool ok = perform("POST", options_.origin + kTokenPath,
                                "client_id=demo-client&client_secret=demo-secret", headers);
        curl_slist_free_all(headers);
        if (!ok) return false;
        cJSON* answer = cJSON_Parse(body_.c_str());
        const cJSON* token = cJSON_GetObjectItemCaseSensitive(answer, "access_token");
        const bool found = cJSON_IsString(token) && token->valuestring[0] != '\0';
        if (found) {
            const std::string bearer = std::string("Authorization: Bearer ") + token->valuestring;
            headers_ = curl_slist_append(nullptr, bearer.c_str());
            headers_ = curl_slist_append(headers_,
                                         (std::string("uniqueAppDeviceId: ") + kDeviceId).c_str());
            headers_ = curl_slist_append(headers_, "Accept:");
        }
        cJSON_Delete(answer);
        return found;
    }

    bool subscribe() {
        cJSON* device = cJSON_CreateObject();
        cJSON_AddNumberToObject(device, "type", 4);
        cJSON_AddStringToObject(device, "version", "1.4.2");
        const bool ok = post_json("/devices", device);
        cJSON_Delete(device);
        return ok && answer_ok();
    }

    bool send(const char* text) {
        // --reconnect: the send opens a new connection (libcurl resumes the TLS session
        // from its cache), which the poll then reuses.
        curl_easy_setopt(curl_, CURLOPT_FRESH_CONNECT, options_.reconnect ? 1L : 0L);
        cJSON* message = cJSON_CreateObject();
        cJSON_AddStringToObject(message, "message", text);
        cJSON_AddNumberToObject(message, "typeId", 1);
        const bool ok = post_json("/messages", message);
        cJSON_Delete(message);
        return ok && answer_ok();
    }

    // GET messages (after `after` when not 0): counts the messages and those whose text is
    // `text`, and the highest id.
    bool poll(unsigned long long after, unsigned long long* highest, unsigned long* count,
              unsigned long* matching) {
        curl_easy_setopt(curl_, CURLOPT_FRESH_CONNECT, 0L);
        std::string path = options_.origin + options_.base + "/messages";
        if (after != 0) path += "/after:" + std::to_string(after);
        if (!perform("GET", path, nullptr, headers_)) return false;
        cJSON* answer = cJSON_Parse(body_.c_str());
        const cJSON* messages = cJSON_GetObjectItemCaseSensitive(answer, "data");
        const cJSON* message = nullptr;
        cJSON_ArrayForEach(message, messages) {
            const cJSON* id = cJSON_GetObjectItemCaseSensitive(message, "id");
            const cJSON* text = cJSON_GetObjectItemCaseSensitive(message, "message");
            if (cJSON_IsNumber(id) && static_cast<unsigned long long>(id->valuedouble) > *highest) {
                *highest = static_cast<unsigned long long>(id->valuedouble);
            }
            if (cJSON_IsString(text) && std::strcmp(text->valuestring, kText) == 0) ++*matching;
            ++*count;
        }
        const bool ok = cJSON_IsArray(messages);
        cJSON_Delete(answer);
        return ok;
    }

  private:
    bool post_json(const char* path, const cJSON* value) {
        char* text = cJSON_PrintUnformatted(value);
        curl_slist* headers = curl_slist_append(copy(headers_), "Content-Type: application/json");
        const bool ok = perform("POST", options_.origin + options_.base + path, text, headers);
        curl_slist_free_all(headers);
        cJSON_free(text);
        return ok;
    }

    static curl_slist* copy(const curl_slist* list) {
        curl_slist* out = nullptr;
        for (; list != nullptr; list = list->next)
            out = curl_slist_append(out, list->data);
        return out;
    }

    bool perform(const char* method, const std::string& url, const char* body,
                 curl_slist* headers) {
        body_.clear();
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
        if (std::strcmp(method, "POST") == 0) {
            curl_easy_setopt(curl_, CURLOPT_POST, 1L);
            curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body != nullptr ? body : "");
        } else {
            curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
        }
        const CURLcode code = curl_easy_perform(curl_);
        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        if (code != CURLE_OK || status != 200) {
            std::fprintf(stderr, "curl_bench: %s %s: %s, HTTP %ld\n", method, url.c_str(),
                         curl_easy_strerror(code), status);
            return false;
        }
        return true;
    }

    // The envelope's "status" is "SUCCESS" (docs/protocol.md).
    bool answer_ok() const {
        cJSON* answer = cJSON_Parse(body_.c_str());
        const cJSON* status = cJSON_GetObjectItemCaseSensitive(answer, "status");
        const bool ok = cJSON_IsString(status) && std::strcmp(status->valuestring, "SUCCESS") == 0;
        cJSON_Delete(answer);
        return ok;
    }

    const Options& options_;
    CURL* curl_;
    curl_slist* headers_ = nullptr;
    std::string body_;
};

int fail(const char* what) {
    std::fprintf(stderr, "curl_bench: %s failed\n", what);
    return 1;
}

struct Loop {
    Client& client;
    unsigned long long last_seen;
    unsigned long count;
    unsigned long matching;
    long iterations;
};

}  // namespace

// The measured part: N x (send, poll); tools/bench collects inside it only.
extern "C" int bench_loop(Loop* loop);
extern "C" __attribute__((noinline)) int bench_loop(Loop* loop) {
    for (long i = 0; i < loop->iterations; ++i) {
        if (!loop->client.send(kText)) return fail("send");
        const unsigned long long before = loop->last_seen;
        if (!loop->client.poll(loop->last_seen, &loop->last_seen, &loop->count, &loop->matching)) {
            return fail("poll");
        }
        if (loop->last_seen == before) return fail("poll (the sent message is missing)");
    }
    return 0;
}

int main(int argc, char** argv) {
    Options options;
    if (!parse_options(argc, argv, &options)) return usage("bad arguments");
    curl_global_init(CURL_GLOBAL_DEFAULT);
    int result = 0;
    {
        Client client(options);
        unsigned long long last_seen = 0;
        unsigned long count = 0;
        unsigned long matching = 0;
        if (!client.fetch_token()) return fail("token");
        if (!client.subscribe()) return fail("subscribe");
        if (!client.poll(0, &last_seen, &count, &matching)) return fail("first poll");
        Loop loop{client, last_seen, 0, 0, options.iterations};
        if (bench_loop(&loop) != 0) return 1;
        count = loop.count;
        matching = loop.matching;
        // The negotiated suite is read off the ServerHello by tools/bench's proxy.
        std::printf("suite requested %s\n", options.suite != nullptr ? options.suite : "any");
        std::printf("iterations %ld messages %lu matching %lu\n", options.iterations, count,
                    matching);
        result = matching == static_cast<unsigned long>(options.iterations) ? 0 : 1;
    }
    curl_global_cleanup();
    return result;
}
