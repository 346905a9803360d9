#include "net/json/json_page_splitter.h"

#include <cstring>

#include "net/text/ascii.h"

namespace net::json {

void JsonPageSplitter::feed(std::string_view piece) {
    bytes_seen_ += piece.size();
    piece_ = piece;
    run_begin_ = run_end_ = 0;
    at_ = 0;
    while (at_ < piece.size()) {
        if (phase_ == Phase::kCorrupt) return;
        if (phase_ == Phase::kInMember || phase_ == Phase::kInElement) {
            // The bulk path: bytes that cannot change the part's structure (a string's
            // inside, say) are taken as one run instead of one scanner step each.
            const size_t run = scanner_.plain_run(piece.substr(at_));
            if (run > 0) {
                capture_run(run);
                at_ += run;
                continue;
            }
        }
        step(piece[at_]);
        ++at_;
    }
    flush_run();
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

void JsonPageSplitter::step(char c) {
    switch (phase_) {
        case Phase::kInKey:
            return step_key(c);
        case Phase::kInMember:
        case Phase::kInElement:
            return step_part(c);
        case Phase::kExpectValue:
            if (!text::is_space(c)) begin_value(c);
            return;
        default:
            return step_structure(c);
    }
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
        case Phase::kExpectElement:
            if (c != ']') return begin_part(Phase::kInElement, c);
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

void JsonPageSplitter::begin_value(char c) {
    const bool is_elements = !key_overflow_ && key() == element_key_;
    if (is_elements && c == '[') {
        phase_ = Phase::kExpectElement;
        return;
    }
    single_element_ = is_elements && c == '{';
    if (single_element_) return begin_part(Phase::kInElement, c);
    capturing_ = !key_overflow_ && listener_.wants_member(key());
    begin_part(Phase::kInMember, c);
}

void JsonPageSplitter::begin_part(Phase phase, char c) {
    phase_ = phase;
    captured_ = 0;
    part_size_ = 0;
    scanner_.start();
    sink_ = phase == Phase::kInElement ? listener_.element_sink() : nullptr;
    if (sink_ != nullptr) sink_->begin_element();
    step_part(c);
}

void JsonPageSplitter::step_part(char c) {
    switch (scanner_.feed(c)) {
        case JsonValueScanner::Step::kTake:
            return capture_run(1);  // c is piece_[at_]
        case JsonValueScanner::Step::kTakeAndEnd:
            capture_run(1);
            return end_part();
        case JsonValueScanner::Step::kEndedBefore:
            end_part();
            return step(c);  // the delimiter belongs to the structure around the part
        case JsonValueScanner::Step::kCorrupt:
            phase_ = Phase::kCorrupt;
            return;
    }
}

// Takes the `n` bytes of the current piece from at_ into the part: counted, handed to the
// element sink as part of the run, or copied into the capture (as far as it has room).
void JsonPageSplitter::capture_run(size_t n) {
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
