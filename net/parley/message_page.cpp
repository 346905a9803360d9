#include "net/parley/message_page.h"

#include "net/json/json_raw.h"
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

template <size_t N>
void read_path(json::RawValue value, text::BoundedText<N>* path, uint64_t* id) {
    if (value.read_text(path)) {
        *id = id_from_text(path->view());
        return;
    }
    const hal::Result<int64_t> number = value.as_int64();  // an id given bare
    *id = number.ok() && number.value() > 0 ? static_cast<uint64_t>(number.value()) : 0;
}

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
    const json::RawValue paging(json);
    if (json::validate(json) != hal::Status::kOk || !paging.is_object()) return;
    page_->has_paging = true;
    constexpr std::string_view kKeys[] = {"before", "after"};
    json::RawValue paths[2];
    paging.members(kKeys, paths);
    read_path(paths[0], &page_->paging.before, &page_->paging.before_id);
    read_path(paths[1], &page_->paging.after, &page_->paging.after_id);
}

}  // namespace net::parley
