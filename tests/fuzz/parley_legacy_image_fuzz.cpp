// Fuzzes the legacy image path reader (net/parley/legacy_image.h) on any bytes, with the
// first byte choosing the base path. Invariants: an accepted path gives date parts of
// 1-4 digits and a file name of visible ASCII with nothing that starts a segment, query,
// fragment or escape (not "." or ".."), and "media/Y/M/D/FILE" is how the input ends;
// a refused one leaves the media not present. image_file_name is a suffix without '/'.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/parley/legacy_image.h"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

bool all_digits(std::string_view part) {
    if (part.empty() || part.size() > 4) return false;
    for (const char c : part) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

void check_accepted(std::string_view image, const net::parley::Media& media) {
    require(media.present);
    require(all_digits(media.year.view()) && all_digits(media.month.view()) &&
            all_digits(media.day.view()));
    const std::string_view file = media.filename.view();
    require(!file.empty() && file != "." && file != ".." && !media.filename.truncated);
    for (const char c : file) {
        require(c > ' ' && c < '\x7f');
        require(std::string_view("/\\?#%").find(c) == std::string_view::npos);
    }
    std::string path = "media/";
    path.append(media.year.view()).append("/").append(media.month.view()).append("/");
    path.append(media.day.view()).append("/").append(file);
    require(image.size() >= path.size() && image.substr(image.size() - path.size()) == path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static constexpr std::string_view kBases[] = {"", "/clientApi/v1.9",
                                                  "/communication/parley/secure-messenger"};
    const std::string_view base = kBases[data[0] % 3];
    const std::string_view image(reinterpret_cast<const char*>(data + 1), size - 1);
    net::parley::Media media;
    media.present = true;
    const hal::Status status = net::parley::media_from_image_path(image, base, &media);
    if (status == hal::Status::kOk) {
        check_accepted(image, media);
    } else {
        require(status == hal::Status::kInvalidArgument && !media.present);
    }
    const std::string_view name = net::parley::image_file_name(image);
    require(name.find('/') == std::string_view::npos);
    require(image.substr(image.size() - name.size()) == name);
    return 0;
}
