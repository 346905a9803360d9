// The legacy `image` field of a message (docs/protocol.md §6.7, §7) read as a media file
// of this service: only `media/{year}/{month}/{day}/{file}`, relative to the base URL,
// is taken — with or without a leading '/', or with the base path in front. A URL with a
// scheme or a host, a query, a fragment, '%', '\', '..', or any other path is refused:
// nothing from the network may point the client at another host or another endpoint.
#pragma once

#include <string_view>

#include "hal/status.h"
#include "net/parley/message.h"

namespace net::parley {

// Fills `out` (present, year, month, day, filename; the rest cleared) from `image`;
// kInvalidArgument, and `out` left not present, when it is not such a path. `base_path`
// is the configured one ("" or "/a/b", ClientConfig::base_path).
hal::Status media_from_image_path(std::string_view image, std::string_view base_path, Media* out);

// The last path segment of `image` (what to call the file), or `image` itself.
std::string_view image_file_name(std::string_view image);

}  // namespace net::parley
