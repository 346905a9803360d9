// JsonPageSplitter: walks a response body given in pieces of any size and hands out the
// parts a caller asked for, holding at most one of them at a time in a fixed capture
// buffer (docs/design.md §3): each element of the top-level array named by the caller
// (the "element key"; or that member itself when it is an object), and the values of the
// top-level members the listener wants ("paging", "status", ...). Everything else is
// skipped as it streams by, so RAM does not grow with the body. Member order does not
// matter. A part larger than the capture buffer is reported as oversize (with its first
// bytes) and the walk goes on.
// It checks the outer structure only (one object, keys, colons, commas); the parts are
// validated by whoever parses them. Keys are compared as sent (escapes not decoded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/span.h"
#include "hal/status.h"
#include "net/json/json_config.h"  // kMaxKeyLength
#include "net/json/json_value_scanner.h"

namespace net::json {

// What an ElementSink that parses elements says of the bytes it was offered.
struct ElementProgress {
    enum class State : uint8_t {
        kGoesOn,  // all taken, the element goes on
        kEnded,   // `taken` ends with the element's last byte
        kBroken,  // the parser refused the byte after those taken
    };
    size_t taken = 0;
    State state = State::kGoesOn;
    // On kBroken: where the parser stood (open brackets, inside a string or not), so the
    // splitter's scanner can find the element's end from the refused byte on.
    uint32_t depth = 0;
    bool in_string = false;
};

// Where an element's bytes go when the listener streams elements instead of having them
// captured: begin, its bytes in order (pieces of any size), end.
class ElementSink {
  public:
    virtual void begin_element() = 0;
    virtual void element_bytes(std::string_view bytes) = 0;
    virtual void end_element() = 0;
    // A sink whose parser sees where an object or array ends may take such an element's
    // bytes itself (parse_element instead of element_bytes), so the splitter does not
    // walk them a second time. Once the parser breaks, the splitter scans on from where
    // it stood and hands the rest of the element to element_bytes.
    virtual bool parses_elements() const { return false; }
    virtual ElementProgress parse_element(std::string_view bytes);

  protected:
    ~ElementSink() = default;
};

class SplitterListener {
  public:
    // Asked as each element begins: a sink to stream it to, or null to have it captured
    // and handed to on_element / on_oversize_element.
    virtual ElementSink* element_sink() { return nullptr; }
    // Whether the value of top-level member `key` should be captured (else skipped).
    // Not asked for the element key when it is an array or an object (those become
    // elements).
    virtual bool wants_member(std::string_view key) = 0;
    // A wanted member's complete value (a view into the capture buffer, valid during the
    // call only).
    virtual void on_member(std::string_view key, std::string_view json) = 0;
    // A wanted member too large for the capture buffer.
    virtual void on_oversize_member(std::string_view key) = 0;
    // One complete element (a view into the capture buffer, valid during the call).
    virtual void on_element(std::string_view json) = 0;
    // An element too large for the capture buffer: `prefix` holds its first bytes (as
    // many as the buffer holds), `size` is its full length.
    virtual void on_oversize_element(std::string_view prefix, uint64_t size) = 0;

  protected:
    ~SplitterListener() = default;
};

class JsonPageSplitter {
  public:
    // `element_key` names the top-level member whose elements are handed out (a view
    // that must outlive the splitter).
    JsonPageSplitter(hal::CharSpan capture, std::string_view element_key,
                     SplitterListener& listener)
        : capture_(capture), element_key_(element_key), listener_(listener) {}

    // Walks the next piece of the body. After a structural error the rest is ignored.
    void feed(std::string_view piece);

    // At the end of the body: kOk when it held exactly one complete JSON object,
    // kCorrupt otherwise (not JSON, cut short, trailing bytes, empty).
    hal::Status finish() const;

    uint64_t bytes_seen() const { return bytes_seen_; }
    uint32_t elements_seen() const { return elements_; }
    // The most capture-buffer bytes any part needed (for sizing and RAM figures).
    size_t peak_capture() const { return peak_capture_; }

  private:
    enum class Phase : uint8_t {
        kBeforeRoot,
        kExpectKey,
        kInKey,
        kExpectColon,
        kExpectValue,
        kInMember,
        kAfterMember,
        kExpectElement,
        kInElement,
        kAfterElement,
        kAfterRoot,
        kCorrupt,
    };

    bool step(char c);
    void step_structure(char c);
    void step_key(char c);
    void take_key_run();
    void advance(char c, char expected, Phase next, char other = '\0',
                 Phase other_next = Phase::kCorrupt);
    void begin_key();
    bool begin_value(char c);
    void begin_part(Phase phase);
    void scan_part();
    void parse_part();
    void end_part();
    void emit_member();
    void emit_element();
    void capture_run(size_t n);  // the n bytes of piece_ from at_
    void flush_run();
    std::string_view key() const { return std::string_view(key_, key_length_); }
    std::string_view captured() const { return std::string_view(capture_.data(), captured_); }

    hal::CharSpan capture_;
    std::string_view element_key_;
    SplitterListener& listener_;
    JsonValueScanner scanner_;
    Phase phase_ = Phase::kBeforeRoot;
    bool key_escaped_ = false;
    bool key_overflow_ = false;
    bool capturing_ = false;       // the current member's value is wanted
    bool single_element_ = false;  // the element key's value is one object, not an array
    uint8_t key_length_ = 0;
    char key_[kMaxKeyLength] = {};
    size_t captured_ = 0;
    uint64_t part_size_ = 0;
    uint64_t bytes_seen_ = 0;
    uint32_t elements_ = 0;
    size_t peak_capture_ = 0;
    // Streaming an element: the sink, and the run of the current piece not yet given to it.
    ElementSink* sink_ = nullptr;
    bool sink_parses_ = false;  // the sink's parser finds the element's end (parse_part)
    std::string_view piece_;
    size_t at_ = 0;  // the index in piece_ of the next byte
    size_t run_begin_ = 0;
    size_t run_end_ = 0;
};

static_assert(kMaxKeyLength <= UINT8_MAX, "key_length_ is 8 bits");

}  // namespace net::json
