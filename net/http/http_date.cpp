#include "net/http/http_date.h"

#include <cstddef>

#include "net/http/http_syntax.h"

namespace net::http {
namespace {

constexpr size_t kMaxTokens = 6;        // weekday day month year time zone
constexpr size_t kDateFirstTokens = 6;  // IMF-fixdate and RFC 850
constexpr size_t kAsctimeTokens = 5;
constexpr size_t kTimeLength = 8;  // "HH:MM:SS"
constexpr size_t kLongYearDigits = 4;
constexpr size_t kShortYearDigits = 2;
constexpr size_t kMaxDayDigits = 2;
constexpr int32_t kFirstYear = 1970;
constexpr int32_t kShortYearPivot = 70;  // RFC 850 "70".."99" are 19xx
constexpr int32_t kMonthsPerYear = 12;
constexpr int32_t kHoursPerDay = 24;
constexpr int32_t kMinutesPerHour = 60;
constexpr int32_t kMaxSecond = 60;  // a leap second is tolerated
constexpr int32_t kSecondsPerMinute = 60;
constexpr int64_t kSecondsPerDay = 86400;  // 64 bits only here: the dates past 2038

constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
constexpr size_t kMonthNameLength = 3;
// Days in the months before each month, in a common year; and each month's length.
constexpr uint16_t kDaysBefore[kMonthsPerYear] = {0,   31,  59,  90,  120, 151,
                                                  181, 212, 243, 273, 304, 334};
constexpr uint8_t kDaysIn[kMonthsPerYear] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

struct Tokens {
    std::string_view items[kMaxTokens];
    size_t count = 0;
};

struct CivilTime {
    int32_t year = 0;
    int32_t month = 0;  // 1-12
    int32_t day = 0;
    int32_t seconds_of_day = 0;
};

bool is_separator(char c) {
    return c == ' ' || c == ',' || c == '-';
}

// Splits on spaces, commas and dashes; false when there are too many pieces.
bool split(std::string_view text, Tokens& tokens) {
    size_t pos = 0;
    while (pos < text.size()) {
        if (is_separator(text[pos])) {
            ++pos;
            continue;
        }
        size_t end = pos;
        while (end < text.size() && !is_separator(text[end]))
            ++end;
        if (tokens.count == kMaxTokens) return false;
        tokens.items[tokens.count++] = text.substr(pos, end - pos);
        pos = end;
    }
    return true;
}

bool is_weekday(std::string_view token) {
    for (const char c : token) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
    }
    return !token.empty();
}

int32_t month_number(std::string_view token) {
    if (token.size() != kMonthNameLength) return 0;
    for (size_t i = 0; i < static_cast<size_t>(kMonthsPerYear); ++i) {
        const char* name = kMonths.data() + i * kMonthNameLength;
        if (name[0] == token[0] && name[1] == token[1] && name[2] == token[2]) {
            return static_cast<int32_t>(i) + 1;
        }
    }
    return 0;
}

// A number of exactly `min`..`max` digits, or -1.
int32_t small_number(std::string_view digits, size_t min, size_t max) {
    if (digits.size() < min || digits.size() > max) return -1;
    int32_t value = 0;  // at most kLongYearDigits digits: no overflow
    for (const char c : digits) {
        if (!text::is_digit(c)) return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

int32_t parse_time_of_day(std::string_view text) {
    if (text.size() != kTimeLength || text[2] != ':' || text[5] != ':') return -1;
    const int32_t h = small_number(text.substr(0, 2), 2, 2);
    const int32_t m = small_number(text.substr(3, 2), 2, 2);
    const int32_t s = small_number(text.substr(6, 2), 2, 2);
    if (h < 0 || h >= kHoursPerDay || m < 0 || m >= kMinutesPerHour || s < 0 || s > kMaxSecond) {
        return -1;
    }
    return (h * kMinutesPerHour + m) * kSecondsPerMinute + s;
}

int32_t parse_year(std::string_view text) {
    if (text.size() == kShortYearDigits) {
        const int32_t y = small_number(text, kShortYearDigits, kShortYearDigits);
        return y < 0 ? -1 : (y >= kShortYearPivot ? 1900 + y : 2000 + y);
    }
    return small_number(text, kLongYearDigits, kLongYearDigits);
}

bool is_leap(int32_t year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t days_in_month(int32_t year, int32_t month) {
    return kDaysIn[month - 1] + ((month == 2 && is_leap(year)) ? 1 : 0);
}

// Leap years in [1, year).
int32_t leap_years_before(int32_t year) {
    const int32_t y = year - 1;
    return y / 4 - y / 100 + y / 400;
}

// Days since 1970-01-01 (proleptic Gregorian): whole years, then months, then days.
int32_t days_since_epoch(const CivilTime& t) {
    constexpr int32_t kDaysPerYear = 365;
    const int32_t leap_day = (t.month > 2 && is_leap(t.year)) ? 1 : 0;
    return (t.year - kFirstYear) * kDaysPerYear + leap_years_before(t.year) -
           leap_years_before(kFirstYear) + kDaysBefore[t.month - 1] + leap_day + t.day - 1;
}

hal::Result<int64_t> to_epoch(std::string_view day, std::string_view month, std::string_view year,
                              std::string_view time) {
    CivilTime t;
    t.year = parse_year(year);
    t.month = month_number(month);
    t.day = small_number(day, 1, kMaxDayDigits);
    t.seconds_of_day = parse_time_of_day(time);
    if (t.year < kFirstYear || t.month == 0 || t.seconds_of_day < 0) return hal::Status::kCorrupt;
    if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return hal::Status::kCorrupt;
    return days_since_epoch(t) * kSecondsPerDay + t.seconds_of_day;
}

}  // namespace

hal::Result<int64_t> parse_http_date(std::string_view text) {
    Tokens tokens;
    if (!split(text, tokens) || tokens.count == 0 || !is_weekday(tokens.items[0])) {
        return hal::Status::kCorrupt;
    }
    const std::string_view* t = tokens.items;
    if (tokens.count == kDateFirstTokens && t[5] == "GMT") return to_epoch(t[1], t[2], t[3], t[4]);
    if (tokens.count == kAsctimeTokens && t[4].size() == kLongYearDigits) {
        return to_epoch(t[2], t[1], t[4], t[3]);
    }
    return hal::Status::kCorrupt;
}

}  // namespace net::http
