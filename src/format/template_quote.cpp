// strconv.Unquote for template string and character literals.
#include "format/template_parse.h"
#include "format/utf8.h"

namespace strata::format::tmpl {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads n digits of the given base at s[i]; -1 if any is missing.
long digits(std::string_view s, size_t& i, int n, int base) {
  long v = 0;
  for (int k = 0; k < n; ++k, ++i) {
    int d = i < s.size() ? hex_value(s[i]) : -1;
    if (d < 0 || d >= base) return -1;
    v = v * base + d;
  }
  return v;
}

}  // namespace

bool go_unquote(std::string_view lit, std::string& out) {
  if (lit.size() < 2 || lit.front() != lit.back()) return false;
  char q = lit.front();
  std::string_view s = lit.substr(1, lit.size() - 2);
  out.clear();
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == q || c == '\n') return false;
    if (c != '\\') {
      out += c, ++i;
      continue;
    }
    if (++i >= s.size()) return false;
    char e = s[i++];
    static const std::string_view simple = "abfnrtv\\", mapped = "\a\b\f\n\r\t\v\\";
    if (size_t k = simple.find(e); k != std::string_view::npos) {
      out += mapped[k];
    } else if (e == q) {
      out += q;
    } else if (e == 'x' || (e >= '0' && e <= '7')) {
      if (e != 'x') --i;
      long v = e == 'x' ? digits(s, i, 2, 16) : digits(s, i, 3, 8);
      if (v < 0 || v > 255) return false;
      out += static_cast<char>(v);
    } else if (e == 'u' || e == 'U') {
      long v = digits(s, i, e == 'u' ? 4 : 8, 16);
      if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
      utf8::append(out, static_cast<char32_t>(v));
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace strata::format::tmpl
