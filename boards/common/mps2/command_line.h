// CommandLine: "key=value" words from the semihosting command line, so one image can be
// pointed at another flash file, CA bundle or URL without a rebuild. QEMU passes
// `-append "flash=f.bin ca=other.pem"` (after the image's own name) or the `arg=` values
// of -semihosting-config. Values cannot contain spaces. Kept in a fixed buffer; values
// are NUL-terminated views into it, valid for the object's lifetime.
#pragma once

#include <cstddef>
#include <string_view>

namespace boards::mps2_an386 {

class CommandLine {
  public:
    static constexpr size_t kMaxLength = 512;

    // Reads the command line once; without semihosting arguments it stays empty.
    void load();

    // The value of `key` ("flash" for "flash=x.bin"), or nullptr when absent.
    const char* value(std::string_view key) const;

  private:
    char text_[kMaxLength] = {};
    size_t length_ = 0;
};

}  // namespace boards::mps2_an386
