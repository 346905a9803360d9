// What the small endpoints answer in "data" (docs/protocol.md §6) and the DataHandlers that
// read it as the body streams through the ResponseReader: the id of a sent message, the
// id of an uploaded file, the unseen count, one message, the account config (copied out
// as JSON text). Each reader says whether it found what it looks for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "hal/status.h"
#include "net/json/json_raw.h"
#include "net/parley/message.h"
#include "net/parley/parley_config.h"
#include "net/parley/response_reader.h"
#include "net/text/bounded_text.h"

namespace net::parley {

struct UnseenCount {
    uint32_t count = 0;  // as the service counts them
    uint8_t id_count = 0;
    bool ids_dropped = false;  // more than kMaxUnseenIds ids were listed
    uint64_t ids[kMaxUnseenIds] = {};
};

// Base of the readers: parses one data object and lets the subclass read it.
class DataObjectReader : public DataHandler {
  public:
    void on_element(std::string_view json) override;
    void on_oversize_element(std::string_view prefix, uint64_t size) override;
    // kOk once the data was read; kCorrupt when absent or malformed; kTooLarge when it
    // did not fit the capture buffer.
    hal::Status result() const { return result_; }

  protected:
    DataObjectReader() = default;
    ~DataObjectReader() = default;
    // Reads the parsed data object; kCorrupt when it lacks what the endpoint returns.
    virtual hal::Status read(json::RawValue data, std::string_view json) = 0;

  private:
    hal::Status result_ = hal::Status::kCorrupt;
};

// POST messages: {"messageId": "10743"} (a numeric string or a number).
class MessageIdReader final : public DataObjectReader {
  public:
    MessageIdReader() = default;
    uint64_t id() const { return id_; }

  private:
    hal::Status read(json::RawValue data, std::string_view json) override;
    uint64_t id_ = 0;
};

// POST media: {"media": "<media id>"}.
class MediaIdReader final : public DataObjectReader {
  public:
    explicit MediaIdReader(text::BoundedText<kMaxIdTextLength>* id) : id_(id) {}

  private:
    hal::Status read(json::RawValue data, std::string_view json) override;
    text::BoundedText<kMaxIdTextLength>* id_;
};

// GET messages/unseen/count: {"messageIds": [1, 2], "count": 2}.
class UnseenCountReader final : public DataObjectReader {
  public:
    explicit UnseenCountReader(UnseenCount* out) : out_(out) {}

  private:
    hal::Status read(json::RawValue data, std::string_view json) override;
    void read_ids(json::RawValue ids);
    UnseenCount* out_;
};

// GET config: the data object's JSON text, copied into the caller's buffer.
class JsonCopyReader final : public DataHandler {
  public:
    explicit JsonCopyReader(hal::CharSpan out) : out_(out) {}
    void on_element(std::string_view json) override;
    void on_oversize_element(std::string_view prefix, uint64_t size) override;
    // kOk, kCorrupt (no data object), kTooLarge (over the capture buffer or `out`).
    hal::Status result() const { return result_; }
    size_t length() const { return length_; }

  private:
    hal::CharSpan out_;
    size_t length_ = 0;
    hal::Status result_ = hal::Status::kCorrupt;
};

}  // namespace net::parley
