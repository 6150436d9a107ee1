#include "format/human.h"

#include <cstdio>
#include <vector>

#include "format/utf8.h"

namespace strata::format {

std::string human_duration(std::chrono::nanoseconds d) {
  using std::to_string;
  double ns = static_cast<double>(d.count());
  long long seconds = static_cast<long long>(ns / 1e9);
  if (seconds < 1) return "Less than a second";
  if (seconds == 1) return "1 second";
  if (seconds < 60) return to_string(seconds) + " seconds";
  long long minutes = static_cast<long long>(ns / 6e10);
  if (minutes == 1) return "About a minute";
  if (minutes < 60) return to_string(minutes) + " minutes";
  long long hours = static_cast<long long>(ns / 3.6e12 + 0.5);
  if (hours == 1) return "About an hour";
  if (hours < 48) return to_string(hours) + " hours";
  if (hours < 24 * 7 * 2) return to_string(hours / 24) + " days";
  if (hours < 24 * 30 * 2) return to_string(hours / 24 / 7) + " weeks";
  if (hours < 24 * 365 * 2) return to_string(hours / 24 / 30) + " months";
  return to_string(static_cast<long long>(ns / 3.6e12) / 24 / 365) + " years";
}

namespace {
std::string sized(double size, double base, const char* const* units, int precision) {
  int i = 0;
  while (size >= base && i < 8) size /= base, ++i;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g%s", precision, size, units[i]);
  return buf;
}
}  // namespace

std::string human_size(double bytes, int precision) {
  static const char* const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  return sized(bytes, 1000.0, units, precision);
}

std::string bytes_size(double bytes) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  return sized(bytes, 1024.0, units, 4);
}

namespace {
// golang.org/x/text/width: East Asian Wide and Fullwidth runes take two columns.
int char_width(char32_t r) {
  static const char32_t wide[][2] = {
      {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x2E80, 0x303E},
      {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xA960, 0xA97F},
      {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF60},
      {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
  for (auto& w : wide)
    if (r >= w[0] && r <= w[1]) return 2;
  return 1;
}
}  // namespace

std::string ellipsis(std::string_view s, size_t max_width) {
  if (max_width == 0) return "";
  std::vector<char32_t> rs;
  for (size_t i = 0; i < s.size();) rs.push_back(utf8::decode(s, i));
  auto encode = [&](size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) utf8::append(out, rs[i]);
    return out;
  };
  if (max_width == 1) return encode(rs.empty() ? 0 : 1);
  if (s.size() == rs.size()) return s.size() <= max_width ? std::string(s) : encode(max_width - 1) + "…";
  std::vector<size_t> display;
  size_t total = 0;
  for (char32_t r : rs) display.push_back(total += char_width(r));
  if (total <= max_width) return std::string(s);
  for (size_t i = 0; i + 1 < display.size(); ++i)
    if (display[i] <= max_width - 1 && display[i + 1] > max_width - 1) return encode(i + 1) + "…";
  return std::string(s);
}

std::string truncate_command(std::string_view cmd, size_t max_width) { return ellipsis(cmd, max_width); }

}  // namespace strata::format
