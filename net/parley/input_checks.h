// Checks on what the caller asks the client to send, made before any byte goes out.
// Every failure is kInvalidArgument (fix the call; retrying cannot help), so the service
// never sees a request it would refuse as invalid_*, missing_* or *_too_large.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/parley/media_upload.h"
#include "net/parley/parley_config.h"
#include "net/text/text_reader.h"

namespace net::parley {

// kMinDeviceIdLength..kMaxDeviceIdLength visible ASCII characters (it travels in a
// header, and after the ':' of x-iris-identification).
hal::Status check_device_id(std::string_view device_id);

// The app version of POST devices: 5–8 characters, dotted decimal ("1.2.3", "10.20.30")
// or digits only ("010203"); anything else is what the service calls
// invalid_version_format.
hal::Status check_version(std::string_view version);

// A message text: valid UTF-8, not empty or blank, at most kMaxTextLength characters
// (code points, as the SDKs' composers count; not bytes).
hal::Status check_text(std::string_view text);
// The same check on a text read in pieces (kTextCheckChunk bytes at a time, on the
// stack): the same answer, or the reader's error when a read fails.
constexpr size_t kTextCheckChunk = 64;
hal::Status check_text(const text::TextReader& text);

// typeId of POST messages: 1 (user message) or 4 (silent system message from the user).
hal::Status check_send_type(int type_id);

// A media upload: a source, 1..kMaxMediaSize bytes, a known MIME type
// (jpeg, png, gif, pdf), a filename that fits a part header, a valid boundary.
hal::Status check_media_upload(const MediaUpload& upload);

// A header value the caller configured (auth string, api-version, account secret):
// visible ASCII and spaces only, so no header can be injected.
hal::Status check_header_value(std::string_view value);

}  // namespace net::parley
