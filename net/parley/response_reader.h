// ResponseReader: reads one API response body (docs/protocol.md §5) as it streams in,
// through a JsonPageSplitter (net/json) over a fixed capture buffer; captured parts are
// read in place (net/json/json_raw.h). It keeps the envelope — the
// "status" field and the first notification's "message" — and passes the "data"
// elements and any other top-level member the DataHandler asks for to that handler.
// Nothing of the body is kept beyond one captured part at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "hal/status.h"
#include "net/json/json_page_splitter.h"
#include "net/parley/parley_config.h"
#include "net/text/bounded_text.h"

namespace net::parley {

// What an endpoint does with the "data" part of its response.
class DataHandler {
  public:
    // Where each element of "data" streams to (MessagePageReader: messages of any
    // size), or null to have elements captured whole and handed to on_element.
    virtual json::ElementSink* element_sink() { return nullptr; }
    // One element of a "data" array, or "data" itself when it is an object.
    virtual void on_element(std::string_view /*json*/) {}
    // An element larger than the capture buffer; `prefix` holds its first bytes.
    virtual void on_oversize_element(std::string_view /*prefix*/, uint64_t /*size*/) {}
    // Other top-level members to capture ("paging", "agent"; "data" when it is a string).
    virtual bool wants_member(std::string_view /*key*/) { return false; }
    virtual void on_member(std::string_view /*key*/, std::string_view /*json*/) {}

  protected:
    ~DataHandler() = default;
};

class ResponseReader final : private json::SplitterListener {
  public:
    // `data` may be null: an error response's data is not handed on.
    ResponseReader(hal::CharSpan capture, DataHandler* data);
    ResponseReader(const ResponseReader&) = delete;
    ResponseReader& operator=(const ResponseReader&) = delete;

    void feed(std::string_view piece) { splitter_.feed(piece); }
    // kOk when the body was one complete JSON object; kCorrupt otherwise.
    hal::Status finish() const { return splitter_.finish(); }

    bool empty() const { return splitter_.bytes_seen() == 0; }
    bool status_error() const { return status_error_; }  // "status": "ERROR"
    std::string_view error() const { return error_.view(); }
    bool error_truncated() const { return error_.truncated; }

    // Elements of "data" seen (delivered or oversize), whatever the handler made of them.
    uint32_t elements_seen() const { return splitter_.elements_seen(); }
    // For RAM figures: the largest captured part.
    size_t peak_capture() const { return splitter_.peak_capture(); }

  private:
    json::ElementSink* element_sink() override {
        return data_ != nullptr ? data_->element_sink() : nullptr;
    }
    bool wants_member(std::string_view key) override;
    void on_member(std::string_view key, std::string_view json) override;
    void on_oversize_member(std::string_view /*key*/) override {}
    void on_element(std::string_view json) override;
    void on_oversize_element(std::string_view prefix, uint64_t size) override;

    void read_status(std::string_view json);
    void read_notifications(std::string_view json);

    json::JsonPageSplitter splitter_;
    DataHandler* data_;
    bool status_error_ = false;
    bool have_error_ = false;
    text::BoundedText<kMaxErrorStringLength> error_;
};

}  // namespace net::parley
