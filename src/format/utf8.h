// UTF-8 helpers with Go's semantics: an invalid byte decodes as U+FFFD, width 1.
#pragma once
#include <string>
#include <string_view>

namespace strata::format::utf8 {

inline constexpr char32_t kRuneError = 0xFFFD;

// Decodes the rune at s[i] and advances i; invalid input yields kRuneError and advances by 1.
inline char32_t decode(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned c = b(i);
  if (c < 0x80) return ++i, c;
  size_t n = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || c >= 0xF5 || i + n > s.size()) return ++i, kRuneError;
  char32_t r = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned cc = b(i + k);
    if ((cc & 0xC0) != 0x80) return ++i, kRuneError;
    r = (r << 6) | (cc & 0x3F);
  }
  bool overlong = (n == 3 && r < 0x800) || (n == 4 && r < 0x10000);
  if (overlong || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return ++i, kRuneError;
  i += n;
  return r;
}

inline void append(std::string& out, char32_t r) {
  if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// Number of runes, counting each invalid byte as one (Go's utf8.RuneCountInString).
inline size_t rune_count(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) decode(s, i);
  return n;
}

}  // namespace strata::format::utf8
