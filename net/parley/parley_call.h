// Internal to ParleyClient: one API exchange as the endpoints describe it to the
// shared request/response machinery (parley_client.cpp). Not part of the public API.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "net/http/body_stream.h"
#include "net/http/request.h"
#include "net/http/resendable_source.h"
#include "net/parley/parley_client.h"
#include "net/parley/response_reader.h"

namespace net::parley {

constexpr std::string_view kJsonContentType = "application/json";

struct ParleyClient::Call {
    http::Method method = http::Method::kGet;
    std::string_view path;  // after the base path, e.g. "/messages/after:10743"
    hal::Span<const http::QueryParam> query;
    std::string_view content_type;
    hal::ConstByteSpan body;                   // a body in memory, or
    http::ResendableSource* source = nullptr;  // a streamed body of source_length bytes
    uint64_t source_length = 0;
    DataHandler* data = nullptr;        // reads "data" of a success response
    http::BodySink* sink = nullptr;     // takes a success body raw (media download)
    MediaDownload* download = nullptr;  // what the raw body was
};

}  // namespace net::parley
