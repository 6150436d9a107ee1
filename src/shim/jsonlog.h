// Docker's json-file log format, header-only so the library's tests can check
// it too. One object per line:
//   {"log":"hello\n","stream":"stdout","time":"2026-11-28T09:01:02.123456789Z"}
// Escaping follows Docker's writer: '"' and '\\' backslashed, \n and \r short
// forms, other control characters and <, >, & as \u00XX, invalid UTF-8 as
// \ufffd, U+2028/U+2029 escaped.
#pragma once
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>

namespace strata::jsonlog {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
inline size_t utf8_len(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  unsigned char lo = 0x80, hi = 0xBF, c1 = at(i + 1);
  if (c == 0xE0) lo = 0xA0;
  if (c == 0xED) hi = 0x9F;  // no surrogates
  if (c == 0xF0) lo = 0x90;
  if (c == 0xF4) hi = 0x8F;
  if (c1 < lo || c1 > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return n;
}

inline void escape(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c == '\n') {
        out += "\\n";
      } else if (c == '\r') {
        out += "\\r";
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    size_t n = utf8_len(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else if (n == 3 && c == 0xE2 && s[i + 1] == '\x80' && (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
      out += s[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 3;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
}

// RFC3339 UTC with exactly nine fraction digits, as Docker writes log times.
inline std::string rfc3339nano(const timespec& ts) {
  struct tm tm {};
  gmtime_r(&ts.tv_sec, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(ts.tv_nsec));
  return buf;
}

inline void append_entry(std::string& out, std::string_view log, std::string_view stream, std::string_view time) {
  out += "{\"log\":\"";
  escape(out, log);
  out += "\",\"stream\":\"";
  out.append(stream);
  out += "\",\"time\":\"";
  out.append(time);
  out += "\"}\n";
}

}  // namespace strata::jsonlog
