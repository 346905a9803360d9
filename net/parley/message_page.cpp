#include "net/parley/message_page.h"

#include "net/json/json_integer.h"
#include "net/json/json_raw.h"
#include "net/json/json_stream.h"
#include "net/text/number.h"
#include "net/text/slice.h"

namespace net::parley {
namespace {

constexpr std::string_view kPagingKey = "paging";
constexpr std::string_view kAgentKey = "agent";

// Decimal digits only, within uint64; 0 otherwise.
uint64_t parse_digits(std::string_view digits) {
    return text::parse_unsigned(digits).value_or(0);
}

// paging {"before": ..., "after": ...} read in one pass of the push parser, which checks
// the grammar as it goes: each path (its first occurrence) decoded into its BoundedText and
// its id taken from it; an id given bare as a number is taken as the id alone; any other
// value leaves both empty.
class PagingEvents final : public json::StreamEvents {
  public:
    explicit PagingEvents(Paging* paging) : paging_(paging) {}

    void on_open(bool object) override {
        if (depth_ == 0) root_is_object_ = object;
        ++depth_;
        path_ = nullptr;  // a container is no path (its members are not read)
    }
    void on_close() override { --depth_; }
    void on_key(std::string_view key) override {
        path_ = nullptr;
        if (depth_ != 1) return;
        if (key == "before" && !seen_before_) {
            seen_before_ = true;
            path_ = &paging_->before;
            id_ = &paging_->before_id;
        } else if (key == "after" && !seen_after_) {
            seen_after_ = true;
            path_ = &paging_->after;
            id_ = &paging_->after_id;
        }
    }
    void on_string(std::string_view piece, bool last) override {
        if (path_ == nullptr) return;
        path_->append(piece);
        if (!last) return;
        *id_ = id_from_text(path_->view());
        path_ = nullptr;
    }
    void on_scalar(std::string_view token) override {
        if (path_ == nullptr) return;
        const hal::Result<int64_t> number = json::integer_from_number(token);
        *id_ = number.ok() && number.value() > 0 ? static_cast<uint64_t>(number.value()) : 0;
        path_ = nullptr;
    }

    bool root_is_object() const { return root_is_object_; }

  private:
    Paging* paging_;
    text::BoundedText<kMaxPagingPathLength>* path_ = nullptr;  // the value being read
    uint64_t* id_ = nullptr;
    uint32_t depth_ = 0;
    bool root_is_object_ = false;
    bool seen_before_ = false;
    bool seen_after_ = false;
};

}  // namespace

uint64_t id_from_text(std::string_view text) {
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        text = text::slice(text, 1, text.size() - 2);
    }
    size_t digits_at = text.size();  // after the last ':' or '/' (one pass from the end)
    while (digits_at > 0 && text[digits_at - 1] != ':' && text[digits_at - 1] != '/')
        --digits_at;
    return parse_digits(text::slice(text, digits_at));
}

void clear_page(PageResult* page) {
    page->delivered = 0;
    page->skipped = 0;
    page->highest_id = 0;
    page->lowest_id = 0;
    page->has_paging = false;
    page->paging.before.clear();
    page->paging.after.clear();
    page->paging.before_id = 0;
    page->paging.after_id = 0;
    page->has_agent = false;
    page->agent.present = false;
    page->agent.id.clear();
    page->agent.name.clear();
    page->agent.avatar.clear();
    page->agent.is_typing = false;
}

MessagePageReader::MessagePageReader(Message& scratch, MessageHandler& handler, PageResult* page)
    : handler_(handler), page_(page), decoder_(scratch, *this) {
    clear_page(page_);
}

hal::Status MessagePageReader::single_result() const {
    if (page_->delivered == 1) return hal::Status::kOk;
    return page_->skipped > 0 ? last_skip_ : hal::Status::kCorrupt;
}

bool MessagePageReader::wants_member(std::string_view key) {
    return key == kPagingKey || key == kAgentKey;
}

void MessagePageReader::on_member(std::string_view key, std::string_view json) {
    if (key == kPagingKey) return read_paging(json);
    page_->has_agent = decode_agent(json, &page_->agent) == hal::Status::kOk;
}

void MessagePageReader::on_message(const Message& message) {
    ++page_->delivered;
    const uint64_t id = message.id;
    if (page_->delivered == 1 || id > page_->highest_id) page_->highest_id = id;
    if (page_->delivered == 1 || id < page_->lowest_id) page_->lowest_id = id;
    handler_.on_message(message);
}

void MessagePageReader::on_skipped(uint64_t id, hal::Status reason) {
    ++page_->skipped;
    last_skip_ = reason;
    handler_.on_skipped(id, reason);
}

void MessagePageReader::read_paging(std::string_view json) {
    Paging paging;  // kept only when the whole member is a well-formed object
    PagingEvents events(&paging);
    json::JsonStream stream(events);
    stream.feed(json);
    if (stream.finish() != hal::Status::kOk || !events.root_is_object()) return;
    page_->has_paging = true;
    page_->paging = paging;
}

}  // namespace net::parley
