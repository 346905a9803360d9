// The media endpoints: a streamed multipart upload and a streamed download.
#include "net/http/buffer_writer.h"
#include "net/parley/input_checks.h"
#include "net/parley/legacy_image.h"
#include "net/parley/parley_call.h"
#include "net/url/percent_encode.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr std::string_view kMediaPath = "/media";

bool has_download_path(const Media& media) {
    return media.present && !media.year.empty() && !media.month.empty() && !media.day.empty() &&
           !media.filename.empty();
}

}  // namespace

hal::Result<std::string_view> ParleyClient::upload_media(const MediaUpload& upload,
                                                         hal::Millis deadline) {
    const Status valid = check_media_upload(upload);
    if (valid != Status::kOk) return reject(valid);
    MultipartSource body;
    const Status framed = body.prepare(upload, work_.body());
    if (framed != Status::kOk) return reject(framed);
    media_id_.clear();
    MediaIdReader reader(&media_id_);
    Call call;
    call.method = http::Method::kPost;
    call.path = kMediaPath;
    call.content_type = body.content_type();
    call.source = &body;
    call.source_length = body.length();
    call.data = &reader;
    HAL_TRY(perform(call, deadline));
    if (reader.result() != Status::kOk) return fail(reader.result());
    return media_id_.view();
}

hal::Status ParleyClient::download_media(const Media& media, http::BodySink& sink,
                                         MediaDownload* info, hal::Millis deadline) {
    if (!has_download_path(media)) return reject(Status::kInvalidArgument);
    const hal::Result<std::string_view> path = write_media_path(media);
    if (!path.ok()) return reject(path.status());
    Call call;
    call.path = path.value();
    call.sink = &sink;
    call.download = info;
    return perform(call, deadline);
}

hal::Status ParleyClient::download_image(std::string_view image, http::BodySink& sink,
                                         MediaDownload* info, hal::Millis deadline) {
    Media media;
    if (media_from_image_path(image, config_.base_path, &media) != Status::kOk) {
        return reject(Status::kInvalidArgument);
    }
    return download_media(media, sink, info, deadline);
}

// media/{year}/{month}/{day}/{filename}, each part percent-encoded: they come from the
// service and must not add path segments or a query.
hal::Result<std::string_view> ParleyClient::write_media_path(const Media& media) {
    http::BufferWriter path(hal::CharSpan(work_.path));
    path.append(kMediaPath).append('/').append_encoded(url::percent_encode, media.year.view());
    path.append('/').append_encoded(url::percent_encode, media.month.view());
    path.append('/').append_encoded(url::percent_encode, media.day.view());
    path.append('/').append_encoded(url::percent_encode, media.filename.view());
    if (!path.ok()) return path.status();
    return path.view();
}

}  // namespace net::parley
