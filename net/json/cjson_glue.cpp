#include "net/json/cjson_glue.h"

#include <cstdint>
#include <limits>

#include "net/text/ascii.h"

namespace {

constexpr int kMaxSignificantDigits = 19;  // what a uint64_t mantissa holds exactly
constexpr int kMaxExponent = 400;          // beyond double's range either way

struct Scan {
    const char* p;
    uint64_t mantissa = 0;
    int digits = 0;
    int exponent = 0;  // decimal exponent applied to the mantissa
};

using net::text::is_digit;

// Digits before (fraction=false) or after (fraction=true) the point.
void scan_digits(Scan* s, bool fraction) {
    for (; is_digit(*s->p); ++s->p) {
        if (s->digits < kMaxSignificantDigits) {
            s->mantissa = s->mantissa * 10 + static_cast<uint64_t>(*s->p - '0');
            if (s->mantissa != 0) ++s->digits;
            if (fraction) --s->exponent;
        } else if (!fraction) {
            ++s->exponent;  // dropped integer digit still scales the value
        }
    }
}

// An optional exponent part; leaves p unchanged when it is not well formed.
void scan_exponent(Scan* s) {
    if (*s->p != 'e' && *s->p != 'E') return;
    const char* q = s->p + 1;
    const bool negative = *q == '-';
    if (*q == '+' || *q == '-') ++q;
    if (!is_digit(*q)) return;
    int value = 0;
    for (; is_digit(*q); ++q) {
        if (value < kMaxExponent) value = value * 10 + (*q - '0');
    }
    s->exponent += negative ? -value : value;
    s->p = q;
}

double scale(double value, int exponent) {
    double factor = 10.0;
    int e = exponent < 0 ? -exponent : exponent;
    double power = 1.0;
    for (; e > 0; e >>= 1, factor *= factor) {
        if (e & 1) power *= factor;
    }
    return exponent < 0 ? value / power : value * power;
}

}  // namespace

extern "C" {

void* parley_cjson_malloc(size_t) {
    return nullptr;
}
void parley_cjson_free(void*) {}
void* parley_cjson_realloc(void*, size_t) {
    return nullptr;
}

double parley_json_strtod(const char* text, char** end) {
    Scan s{text};
    const bool negative = *s.p == '-';
    if (negative || *s.p == '+') ++s.p;
    const char* digits_start = s.p;
    scan_digits(&s, false);
    if (*s.p == '.') {
        ++s.p;
        scan_digits(&s, true);
    }
    if (s.p == digits_start || (s.p == digits_start + 1 && *digits_start == '.')) {
        if (end != nullptr) *end = const_cast<char*>(text);  // no number at all
        return 0.0;
    }
    scan_exponent(&s);
    if (end != nullptr) *end = const_cast<char*>(s.p);
    // Zero stays zero whatever the exponent (0 * 10^400 would otherwise be 0 * inf = NaN,
    // and cJSON converts the value to int: undefined behaviour for NaN).
    const double magnitude =
        s.mantissa == 0 ? 0.0 : scale(static_cast<double>(s.mantissa), s.exponent);
    return negative ? -magnitude : magnitude;
}

}  // extern "C"
