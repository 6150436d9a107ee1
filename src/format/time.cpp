// RFC 3339 times as Go's time package formats and parses them.
#include <fmt/format.h>

#include "common/error.h"
#include "format/human.h"

namespace strata::format {

using namespace std::chrono;

std::string time_rfc3339nano(system_clock::time_point t) {
  if (t == kZeroTime) return "0001-01-01T00:00:00Z";
  auto ns = time_point_cast<nanoseconds>(t);
  auto day = floor<days>(ns);
  year_month_day ymd{day};
  hh_mm_ss hms{ns - day};
  std::string s = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                              unsigned(ymd.day()), hms.hours().count(), hms.minutes().count(),
                              hms.seconds().count());
  if (long long frac = hms.subseconds().count(); frac > 0) {
    std::string f = fmt::format("{:09}", frac);
    s += "." + f.substr(0, f.find_last_not_of('0') + 1);
  }
  return s + "Z";
}

namespace {

[[noreturn]] void bad(std::string_view s) {
  throw Error(Errc::invalid_argument, fmt::format("parsing time \"{}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse", s));
}

// Reads exactly n digits at s[i].
int digits(std::string_view s, size_t& i, size_t n) {
  if (i + n > s.size()) bad(s);
  int v = 0;
  for (size_t k = 0; k < n; ++k, ++i) {
    if (s[i] < '0' || s[i] > '9') bad(s);
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

void expect(std::string_view s, size_t& i, char c) {
  if (i >= s.size() || s[i] != c) bad(s);
  ++i;
}

}  // namespace

system_clock::time_point parse_rfc3339(std::string_view s) {
  size_t i = 0;
  int y = digits(s, i, 4);
  expect(s, i, '-');
  unsigned mo = digits(s, i, 2);
  expect(s, i, '-');
  unsigned d = digits(s, i, 2);
  expect(s, i, 'T');
  int h = digits(s, i, 2);
  expect(s, i, ':');
  int mi = digits(s, i, 2);
  expect(s, i, ':');
  int sec = digits(s, i, 2);
  long long frac = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    size_t n = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n)
      if (n < 9) frac = frac * 10 + (s[i] - '0');
    if (n == 0) bad(s);
    for (; n < 9; ++n) frac *= 10;
  }
  int offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1;
    int oh = digits(s, i, 2);
    expect(s, i, ':');
    int om = digits(s, i, 2);
    if (oh > 23 || om > 59) bad(s);
    offset = sign * (oh * 60 + om);
  } else {
    bad(s);
  }
  year_month_day ymd{year{y}, month{mo}, day{d}};
  if (i != s.size() || !ymd.ok() || h > 23 || mi > 59 || sec > 59) bad(s);
  if (y == 1 && mo == 1 && d == 1 && h == 0 && mi == 0 && sec == 0 && frac == 0 && offset == 0) return kZeroTime;
  if (y < 1678 || y > 2261)
    throw Error(Errc::invalid_argument, fmt::format("time \"{}\" is out of the supported range", s));
  auto t = sys_days{ymd} + hours{h} + minutes{mi - offset} + seconds{sec} + nanoseconds{frac};
  return system_clock::time_point{duration_cast<system_clock::duration>(t.time_since_epoch())};
}

}  // namespace strata::format
