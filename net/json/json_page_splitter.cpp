#include "net/json/json_page_splitter.h"

#include <cstring>

#include "net/json/json_chars.h"
#include "net/text/ascii.h"
#include "net/text/slice.h"

namespace net::json {

ElementProgress ElementSink::parse_element(std::string_view bytes) {
    element_bytes(bytes);  // a sink that does not parse: the splitter's scanner decides
    ElementProgress progress;
    progress.taken = bytes.size();
    return progress;
}

void JsonPageSplitter::feed(std::string_view piece) {
    bytes_seen_ += piece.size();
    piece_ = piece;
    run_begin_ = run_end_ = 0;
    at_ = 0;
    while (at_ < piece.size() && phase_ != Phase::kCorrupt) {
        if (sink_parses_) {
            parse_part();
        } else if (phase_ == Phase::kInMember || phase_ == Phase::kInElement) {
            scan_part();
        } else if (phase_ == Phase::kInKey && !key_escaped_) {
            take_key_run();
        } else if (step(piece[at_])) {
            ++at_;
        }
    }
    flush_run();
}

// The part's bytes in this piece, found in one pass by the scanner and taken as one run.
void JsonPageSplitter::scan_part() {
    const JsonValueScanner::Scan scan = scanner_.scan(text::slice(piece_, at_));
    capture_run(scan.taken);
    at_ += scan.taken;
    switch (scan.step) {
        case JsonValueScanner::Step::kTake:
            return;
        case JsonValueScanner::Step::kTakeAndEnd:
        case JsonValueScanner::Step::kEndedBefore:  // the delimiter is the structure's
            return end_part();
        case JsonValueScanner::Step::kCorrupt:
            phase_ = Phase::kCorrupt;
            return;
    }
}

// The element's bytes in this piece, offered to the sink's parser, which says where the
// element ends; if it breaks, the scanner takes over from where the parser stood.
void JsonPageSplitter::parse_part() {
    const ElementProgress progress = sink_->parse_element(text::slice(piece_, at_));
    part_size_ += progress.taken;
    at_ += progress.taken;
    switch (progress.state) {
        case ElementProgress::State::kGoesOn:
            return;
        case ElementProgress::State::kEnded:
            sink_parses_ = false;
            return end_part();
        case ElementProgress::State::kBroken:
            sink_parses_ = false;
            scanner_.resume_container(progress.depth, progress.in_string);
            return;
    }
}

// A key's bytes up to its closing quote or a backslash, kept as far as key_ has room; the
// quote or backslash itself is stepped (step_key).
void JsonPageSplitter::take_key_run() {
    size_t end = at_;
    while (end < piece_.size() && !chars::has(piece_[end], chars::kQuoteOrBackslash))
        ++end;
    const size_t n = end - at_;
    const size_t room = sizeof key_ - key_length_;
    if (n > room) key_overflow_ = true;  // no key we watch is this long
    const size_t take = n < room ? n : room;
    std::memcpy(key_ + key_length_, piece_.data() + at_, take);
    key_length_ = static_cast<uint8_t>(key_length_ + take);
    at_ = end;
    if (at_ < piece_.size()) {
        step_key(piece_[at_]);
        ++at_;
    }
}

// Hands the bytes of the streamed element met in this piece so far to the sink.
void JsonPageSplitter::flush_run() {
    if (sink_ != nullptr && run_end_ > run_begin_) {
        sink_->element_bytes(piece_.substr(run_begin_, run_end_ - run_begin_));
    }
    run_begin_ = run_end_ = 0;
}

hal::Status JsonPageSplitter::finish() const {
    return phase_ == Phase::kAfterRoot ? hal::Status::kOk : hal::Status::kCorrupt;
}

// Steps one byte between parts; false when the byte begins a part (it is scanned next).
bool JsonPageSplitter::step(char c) {
    switch (phase_) {
        case Phase::kInKey:
            step_key(c);
            return true;
        case Phase::kExpectValue:
            return text::is_space(c) || !begin_value(c);
        case Phase::kExpectElement:
            if (text::is_space(c) || c == ']') break;
            begin_part(Phase::kInElement);
            return false;
        default:
            break;
    }
    step_structure(c);
    return true;
}

// The punctuation between parts: what each phase accepts next.
void JsonPageSplitter::step_structure(char c) {
    if (text::is_space(c)) return;
    switch (phase_) {
        case Phase::kBeforeRoot:
            return advance(c, '{', Phase::kExpectKey);
        case Phase::kExpectKey:
            if (c == '"') return begin_key();
            return advance(c, '}', Phase::kAfterRoot);  // "{}" (and, leniently, "{...,}")
        case Phase::kExpectColon:
            return advance(c, ':', Phase::kExpectValue);
        case Phase::kAfterMember:
            return advance(c, ',', Phase::kExpectKey, '}', Phase::kAfterRoot);
        case Phase::kExpectElement:  // step() began the part when c is not ']'
            return advance(c, ']', Phase::kAfterMember);
        case Phase::kAfterElement:
            return advance(c, ',', Phase::kExpectElement, ']', Phase::kAfterMember);
        default:  // kAfterRoot: nothing may follow the object
            phase_ = Phase::kCorrupt;
    }
}

// Moves to `next` on `expected` (or to `other_next` on `other`), else the body is broken.
void JsonPageSplitter::advance(char c, char expected, Phase next, char other, Phase other_next) {
    if (c == expected) {
        phase_ = next;
    } else {
        phase_ = (other != '\0' && c == other) ? other_next : Phase::kCorrupt;
    }
}

void JsonPageSplitter::begin_key() {
    phase_ = Phase::kInKey;
    key_length_ = 0;
    key_overflow_ = false;
    key_escaped_ = false;
}

void JsonPageSplitter::step_key(char c) {
    if (!key_escaped_ && c == '"') {
        phase_ = Phase::kExpectColon;
        return;
    }
    key_escaped_ = !key_escaped_ && c == '\\';
    if (key_length_ < sizeof key_) {
        key_[key_length_++] = c;
    } else {
        key_overflow_ = true;  // no key we watch is this long
    }
}

// The value of a top-level member begins with `c`: false when that is the element key's
// array (c taken), true when a part begins (c is its first byte, scanned next).
bool JsonPageSplitter::begin_value(char c) {
    const bool is_elements = !key_overflow_ && key() == element_key_;
    if (is_elements && c == '[') {
        phase_ = Phase::kExpectElement;
        return false;
    }
    single_element_ = is_elements && c == '{';
    if (single_element_) {
        begin_part(Phase::kInElement);
    } else {
        capturing_ = !key_overflow_ && listener_.wants_member(key());
        begin_part(Phase::kInMember);
    }
    return true;
}

void JsonPageSplitter::begin_part(Phase phase) {
    phase_ = phase;
    captured_ = 0;
    part_size_ = 0;
    scanner_.start();
    sink_ = phase == Phase::kInElement ? listener_.element_sink() : nullptr;
    if (sink_ == nullptr) return;
    sink_->begin_element();
    // An object or array element the sink parses; a scalar one ends only at the byte
    // after it, which is the scanner's to see.
    const char first = piece_[at_];
    sink_parses_ = sink_->parses_elements() && (first == '{' || first == '[');
}

// Takes the `n` bytes of the current piece from at_ into the part: counted, handed to the
// element sink as part of the run, or copied into the capture (as far as it has room).
void JsonPageSplitter::capture_run(size_t n) {
    if (n == 0) return;
    part_size_ += n;
    if (sink_ != nullptr) {
        if (run_end_ == run_begin_) run_begin_ = at_;
        run_end_ = at_ + n;
        return;
    }
    const bool wanted = phase_ == Phase::kInElement || capturing_;
    if (!wanted || captured_ >= capture_.size()) return;
    const size_t room = capture_.size() - captured_;
    const size_t take = n < room ? n : room;
    std::memcpy(capture_.data() + captured_, piece_.data() + at_, take);
    captured_ += take;
    if (captured_ > peak_capture_) peak_capture_ = captured_;
}

void JsonPageSplitter::end_part() {
    if (phase_ == Phase::kInMember) {
        phase_ = Phase::kAfterMember;
        if (capturing_) emit_member();
        return;
    }
    phase_ = single_element_ ? Phase::kAfterMember : Phase::kAfterElement;
    single_element_ = false;
    emit_element();
}

void JsonPageSplitter::emit_member() {
    if (part_size_ > captured_) return listener_.on_oversize_member(key());
    listener_.on_member(key(), captured());
}

void JsonPageSplitter::emit_element() {
    ++elements_;
    if (sink_ != nullptr) {
        flush_run();
        ElementSink* sink = sink_;
        sink_ = nullptr;
        return sink->end_element();
    }
    if (part_size_ > captured_) return listener_.on_oversize_element(captured(), part_size_);
    listener_.on_element(captured());
}

}  // namespace net::json
