// Request: what one HTTP/1.1 request says, as views into caller memory. The client
// adds Host and Content-Length itself; everything else comes from here. Nothing is
// copied until the head is written into the client's working buffer.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "net/http/body_stream.h"
#include "net/http/resendable_source.h"

namespace net::http {

enum class Method : uint8_t { kGet, kHead, kPost, kPut, kPatch, kDelete };

std::string_view method_name(Method method);

// GET and HEAD: sending them twice is harmless, so the client may retry them once
// on a fresh connection when a reused one turns out to be dead.
constexpr bool is_retry_safe(Method method) {
    return method == Method::kGet || method == Method::kHead;
}

// A header line, written as "name: value". Names must be tokens and values must not
// hold CR, LF or other controls (kInvalidArgument otherwise): no header injection.
// A value composed of parts ("Bearer " and a token) is given as its parts, `value` then
// `more` in order, and is written straight into the request head: no buffer of its own.
struct Header {
    std::string_view name;
    std::string_view value;
    std::string_view more[2] = {};
    // Name and value were checked once by whoever built them (a constant name, a value
    // from a configuration checked when it was given): not checked again per request.
    bool checked = false;
};

// A query parameter; name and value are percent-encoded by the writer.
struct QueryParam {
    std::string_view name;
    std::string_view value;
};

struct Request {
    Method method = Method::kGet;
    // The request target is path_prefix + path, both written verbatim: they must be
    // percent-encoded already (net::url::percent_encode for variable segments).
    // Typically path_prefix = Url::base_path and path = "/messages/after:10743".
    // An empty target is sent as "/".
    std::string_view path_prefix;
    std::string_view path;
    // Set by an owner that passed path_prefix through http::check_path_prefix once (a
    // configured base path): the writer then does not check it again per request.
    bool path_prefix_checked = false;
    hal::Span<const QueryParam> query;
    hal::Span<const Header> headers;
    // Written as a Content-Type header when not empty.
    std::string_view content_type;

    // The body: either bytes in memory, or a source producing body_length bytes.
    // With neither, POST/PUT/PATCH send "Content-Length: 0" and other methods no body.
    hal::ConstByteSpan body;
    BodySource* body_source = nullptr;
    uint64_t body_length = 0;  // only with body_source
    // body_source again, when it can start over: the client may then retry the request on
    // a new connection (a reused one that took none of its bytes) after reading part of
    // the body; without it such a request is not retried (its first piece is spent).
    ResendableSource* body_rewind = nullptr;

    uint64_t content_length() const { return body_source != nullptr ? body_length : body.size(); }
};

}  // namespace net::http
