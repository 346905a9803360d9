#include "hal/format.h"

#include <cstdint>

namespace hal {
namespace {

// Enough digits for a 64-bit value in octal (22) plus a sign.
constexpr size_t kMaxDigits = 24;

// Appends into the caller's buffer, counting what would have been written past its end.
class Sink {
  public:
    explicit Sink(CharSpan out) : out_(out) {}
    void put(char c) {
        if (length_ + 1 < out_.size()) out_[length_] = c;
        ++length_;
    }
    void repeat(char c, size_t count) {
        for (size_t i = 0; i < count; ++i)
            put(c);
    }
    size_t finish() {
        if (!out_.empty()) out_[length_ < out_.size() ? length_ : out_.size() - 1] = '\0';
        return length_;
    }

  private:
    CharSpan out_;
    size_t length_ = 0;
};

enum class Length : uint8_t { kInt, kChar, kShort, kLong, kLongLong, kSize, kMax, kPtrdiff };

struct Spec {
    bool left = false;
    bool zero = false;
    char sign = 0;  // '+', ' ' or 0
    size_t width = 0;
    bool has_precision = false;
    size_t precision = 0;
    Length length = Length::kInt;
};

// Pads `body` (with an optional sign or prefix before it) to the field width.
void emit_field(Sink& sink, const Spec& spec, const char* prefix, const char* body, size_t size,
                size_t zeros) {
    size_t prefix_size = 0;
    while (prefix[prefix_size] != '\0')
        ++prefix_size;
    const size_t used = prefix_size + zeros + size;
    const size_t pad = spec.width > used ? spec.width - used : 0;
    const bool zero_pad = spec.zero && !spec.left && !spec.has_precision && body != nullptr;
    if (!spec.left && !zero_pad) sink.repeat(' ', pad);
    for (size_t i = 0; i < prefix_size; ++i)
        sink.put(prefix[i]);
    if (zero_pad) sink.repeat('0', pad);
    sink.repeat('0', zeros);
    for (size_t i = 0; i < size; ++i)
        sink.put(body[i]);
    if (spec.left) sink.repeat(' ', pad);
}

void emit_number(Sink& sink, const Spec& spec, uint64_t magnitude, bool negative, unsigned base,
                 bool upper, const char* prefix) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char text[kMaxDigits];
    size_t n = 0;
    // "%.0d" of zero prints no digits, as in C.
    if (magnitude != 0 || !spec.has_precision || spec.precision != 0) {
        do {
            text[kMaxDigits - 1 - n++] = digits[magnitude % base];
            magnitude /= base;
        } while (magnitude != 0);
    }
    const size_t zeros = spec.has_precision && spec.precision > n ? spec.precision - n : 0;
    char sign[2] = {negative ? '-' : spec.sign, '\0'};
    emit_field(sink, spec, sign[0] != 0 ? sign : prefix, text + kMaxDigits - n, n, zeros);
}

int64_t signed_argument(Length length, va_list& args) {
    switch (length) {
        case Length::kLong:
            return va_arg(args, long);
        case Length::kLongLong:
            return va_arg(args, long long);
        case Length::kSize:
        case Length::kPtrdiff:
            return va_arg(args, ptrdiff_t);
        case Length::kMax:
            return va_arg(args, intmax_t);
        case Length::kChar:
            return static_cast<signed char>(va_arg(args, int));
        case Length::kShort:
            return static_cast<short>(va_arg(args, int));
        case Length::kInt:
            break;
    }
    return va_arg(args, int);
}

uint64_t unsigned_argument(Length length, va_list& args) {
    switch (length) {
        case Length::kLong:
            return va_arg(args, unsigned long);
        case Length::kLongLong:
            return va_arg(args, unsigned long long);
        case Length::kSize:
        case Length::kPtrdiff:
            return va_arg(args, size_t);
        case Length::kMax:
            return va_arg(args, uintmax_t);
        case Length::kChar:
            return static_cast<unsigned char>(va_arg(args, unsigned));
        case Length::kShort:
            return static_cast<unsigned short>(va_arg(args, unsigned));
        case Length::kInt:
            break;
    }
    return va_arg(args, unsigned);
}

void emit_string(Sink& sink, const Spec& spec, const char* text) {
    if (text == nullptr) text = "(null)";
    size_t n = 0;
    while ((!spec.has_precision || n < spec.precision) && text[n] != '\0')
        ++n;
    emit_field(sink, spec, "", text, n, 0);
}

// Reads the flags ('-', '0', '+', ' ') into `spec`; leaves `p` after them.
void parse_flags(const char*& p, Spec& spec) {
    for (;; ++p) {
        if (*p == '-') {
            spec.left = true;
        } else if (*p == '0') {
            spec.zero = true;
        } else if (*p == '+') {
            spec.sign = '+';
        } else if (*p == ' ') {
            if (spec.sign == 0) spec.sign = ' ';
        } else {
            return;
        }
    }
}

// Appends the decimal digits at `p` to `value`; leaves `p` after them.
size_t parse_digits(const char*& p, size_t value) {
    while (*p >= '0' && *p <= '9')
        value = value * 10 + static_cast<size_t>(*p++ - '0');
    return value;
}

// Reads the field width: '*' (a negative argument means '-' and its magnitude), digits.
void parse_width(const char*& p, va_list& args, Spec& spec) {
    if (*p == '*') {
        const int width = va_arg(args, int);
        if (width < 0) spec.left = true;
        spec.width = static_cast<size_t>(width < 0 ? -static_cast<int64_t>(width) : width);
        ++p;
    }
    spec.width = parse_digits(p, spec.width);
}

// Reads the precision after a '.': '*' (a negative argument: as if omitted), digits.
void parse_precision(const char*& p, va_list& args, Spec& spec) {
    if (*p != '.') return;
    ++p;
    spec.has_precision = true;
    if (*p == '*') {
        const int precision = va_arg(args, int);
        spec.has_precision = precision >= 0;  // negative: as if omitted
        spec.precision = precision >= 0 ? static_cast<size_t>(precision) : 0;
        ++p;
    }
    spec.precision = parse_digits(p, spec.precision);
}

// A modifier that may come once or twice ("h"/"hh", "l"/"ll"): leaves `p` after it.
Length once_or_twice(const char*& p, Length once, Length twice) {
    const bool doubled = p[1] == p[0];
    p += doubled ? 2 : 1;
    return doubled ? twice : once;
}

// Reads the length modifier (hh, h, l, ll, z, j, t), if any.
Length parse_length(const char*& p) {
    switch (*p) {
        case 'h':
            return once_or_twice(p, Length::kShort, Length::kChar);
        case 'l':
            return once_or_twice(p, Length::kLong, Length::kLongLong);
        case 'z':
            ++p;
            return Length::kSize;
        case 'j':
            ++p;
            return Length::kMax;
        case 't':
            ++p;
            return Length::kPtrdiff;
        default:
            return Length::kInt;
    }
}

// Reads flags, width, precision and length; leaves `p` on the conversion character.
Spec parse_spec(const char*& p, va_list& args) {
    Spec spec;
    parse_flags(p, spec);
    parse_width(p, args, spec);
    parse_precision(p, args, spec);
    spec.length = parse_length(p);
    return spec;
}

void emit_conversion(Sink& sink, char conversion, const Spec& spec, va_list& args) {
    switch (conversion) {
        case 'd':
        case 'i': {
            const int64_t value = signed_argument(spec.length, args);
            const uint64_t magnitude =
                value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
            emit_number(sink, spec, magnitude, value < 0, 10, false, "");
            return;
        }
        case 'u':
            emit_number(sink, spec, unsigned_argument(spec.length, args), false, 10, false, "");
            return;
        case 'x':
        case 'X':
            emit_number(sink, spec, unsigned_argument(spec.length, args), false, 16,
                        conversion == 'X', "");
            return;
        case 'o':
            emit_number(sink, spec, unsigned_argument(spec.length, args), false, 8, false, "");
            return;
        case 'p': {
            const auto address = reinterpret_cast<uintptr_t>(va_arg(args, void*));
            Spec pointer = spec;
            pointer.sign = 0;
            emit_number(sink, pointer, address, false, 16, false, "0x");
            return;
        }
        case 'c': {
            const char c = static_cast<char>(va_arg(args, int));
            emit_field(sink, spec, "", &c, 1, 0);
            return;
        }
        case 's':
            emit_string(sink, spec, va_arg(args, const char*));
            return;
        case '%':
            sink.put('%');
            return;
        default:
            // Floating point and unknown conversions: visible, and the argument list is
            // left alone (its type is unknown), so later conversions may be off.
            sink.put('%');
            sink.put('?');
            return;
    }
}

}  // namespace

size_t vformat(CharSpan out, const char* format, va_list args) {
    Sink sink(out);
    va_list ap;
    va_copy(ap, args);
    for (const char* p = format; *p != '\0'; ++p) {
        if (*p != '%') {
            sink.put(*p);
            continue;
        }
        ++p;
        const Spec spec = parse_spec(p, ap);
        if (*p == '\0') break;  // a lone '%' at the end
        emit_conversion(sink, *p, spec, ap);
    }
    va_end(ap);
    return sink.finish();
}

size_t format(CharSpan out, const char* format, ...) {
    va_list args;
    va_start(args, format);
    const size_t n = vformat(out, format, args);
    va_end(args);
    return n;
}

uint32_t percent_of(uint64_t part, uint64_t whole) {
    constexpr uint32_t kAll = 100;
    if (whole == 0 || part >= whole) return kAll;
    // part < whole: part * 100 overflows only for parts above 2^57; divide first then.
    const uint64_t scaled = part <= UINT64_MAX / kAll ? part * kAll / whole : part / (whole / kAll);
    return static_cast<uint32_t>(scaled < kAll ? scaled : kAll - 1);
}

size_t format_percent(CharSpan out, uint64_t part, uint64_t whole) {
    return format(out, "%3u%%", static_cast<unsigned>(percent_of(part, whole)));
}

size_t format_fixed(CharSpan out, uint32_t value, unsigned decimals, size_t width) {
    constexpr unsigned kMaxDecimals = 9;  // 10^9 still fits in 32 bits
    if (decimals > kMaxDecimals) decimals = kMaxDecimals;
    if (decimals == 0) decimals = 1;
    uint32_t scale = 1;
    for (unsigned i = 0; i < decimals; ++i)
        scale *= 10;
    const size_t point_and_decimals = decimals + 1;
    const int whole_width =
        static_cast<int>(width > point_and_decimals ? width - point_and_decimals : 0);
    return format(out, "%*lu.%0*lu", whole_width, static_cast<unsigned long>(value / scale),
                  static_cast<int>(decimals), static_cast<unsigned long>(value % scale));
}

size_t format_size(CharSpan out, uint64_t bytes) {
    constexpr uint64_t kKiB = 1024;
    constexpr uint64_t kMiB = kKiB * kKiB;
    if (bytes >= kMiB && bytes % kMiB == 0) {
        return format(out, "%llu MiB", static_cast<unsigned long long>(bytes / kMiB));
    }
    if (bytes >= kKiB && bytes % kKiB == 0) {
        return format(out, "%llu KiB", static_cast<unsigned long long>(bytes / kKiB));
    }
    return format(out, "%llu %s", static_cast<unsigned long long>(bytes),
                  bytes == 1 ? "byte" : "bytes");
}

size_t format_rounded_size(CharSpan out, uint64_t bytes) {
    constexpr uint64_t kKiB = 1024;
    constexpr uint64_t kTenths = 10;
    if (bytes < kKiB) {
        return format(out, "%llu %s", static_cast<unsigned long long>(bytes),
                      bytes == 1 ? "byte" : "bytes");
    }
    const uint64_t kib = (bytes + kKiB / 2) / kKiB;
    if (kib < kKiB) return format(out, "%llu KB", static_cast<unsigned long long>(kib));
    const uint64_t tenths = (bytes / kKiB * kTenths + kKiB / 2) / kKiB;
    return format(out, "%llu.%llu MB", static_cast<unsigned long long>(tenths / kTenths),
                  static_cast<unsigned long long>(tenths % kTenths));
}

}  // namespace hal
