#include "net/parley/endpoint_results.h"

#include <cstring>

namespace net::parley {

using hal::Status;

void DataObjectReader::on_element(std::string_view json) {
    result_ = json::validate(json);
    if (result_ != Status::kOk) return;
    const json::RawValue data(json);
    result_ = data.is_object() ? read(data, json) : Status::kCorrupt;
}

void DataObjectReader::on_oversize_element(std::string_view, uint64_t) {
    result_ = Status::kTooLarge;
}

Status MessageIdReader::read(json::RawValue data, std::string_view) {
    const hal::Result<int64_t> id = data["messageId"].as_int64();
    if (!id.ok() || id.value() < 0) return Status::kCorrupt;
    id_ = static_cast<uint64_t>(id.value());
    return Status::kOk;
}

Status MediaIdReader::read(json::RawValue data, std::string_view) {
    if (!data["media"].read_text(id_) || id_->empty()) return Status::kCorrupt;
    // A cut id would name another file: refuse it rather than send it on.
    return id_->truncated ? Status::kTooLarge : Status::kOk;
}

Status UnseenCountReader::read(json::RawValue data, std::string_view) {
    const json::RawValue ids = data["messageIds"];
    const hal::Result<int64_t> count = data["count"].as_int64();
    if (!count.ok() && !ids.is_array()) return Status::kCorrupt;
    read_ids(ids);
    // The count as sent; the listed ids when there is none.
    const int64_t n = count.ok() ? count.value() : static_cast<int64_t>(ids.size());
    out_->count = n < 0 ? 0 : (n > INT32_MAX ? INT32_MAX : static_cast<uint32_t>(n));
    return Status::kOk;
}

void UnseenCountReader::read_ids(json::RawValue ids) {
    out_->id_count = 0;
    out_->ids_dropped = false;
    for (size_t i = 0; i < ids.size(); ++i) {
        const hal::Result<int64_t> id = ids.at(i).as_int64();
        if (!id.ok() || id.value() < 0) continue;
        if (out_->id_count == kMaxUnseenIds) {
            out_->ids_dropped = true;
            return;
        }
        out_->ids[out_->id_count++] = static_cast<uint64_t>(id.value());
    }
}

void JsonCopyReader::on_element(std::string_view json) {
    if (json.size() > out_.size()) {
        result_ = Status::kTooLarge;
        return;
    }
    std::memcpy(out_.data(), json.data(), json.size());
    length_ = json.size();
    result_ = Status::kOk;
}

void JsonCopyReader::on_oversize_element(std::string_view, uint64_t) {
    result_ = Status::kTooLarge;
}

}  // namespace net::parley
