// Go's float formatting (strconv 'g' shortest, encoding/json floats) and strconv.Quote.
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "format/gofmt.h"
#include "format/utf8.h"

namespace strata::format {
namespace {

// Shortest round-trip decimal digits of |v| and the exponent of the first digit.
struct Digits {
  std::string d;
  int exp = 0;
};

Digits shortest(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string_view s(buf, res.ptr - buf);
  size_t e = s.find('e');
  Digits out;
  for (char c : s.substr(0, e))
    if (c != '.') out.d += c;
  out.exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  while (out.d.size() > 1 && out.d.back() == '0') out.d.pop_back();
  return out;
}

std::string fixed(const Digits& g) {
  int nd = static_cast<int>(g.d.size()), dp = g.exp + 1;
  auto digit = [&](int i) { return i >= 0 && i < nd ? g.d[i] : '0'; };
  std::string s;
  if (dp <= 0) s = "0";
  for (int i = 0; i < dp; ++i) s += digit(i);
  if (nd > dp) {
    s += '.';
    for (int i = dp; i < nd; ++i) s += digit(i);
  }
  return s;
}

std::string expo(const Digits& g, bool trim_zero) {
  std::string s(1, g.d[0]);
  if (g.d.size() > 1) s += "." + g.d.substr(1);
  int x = std::abs(g.exp);
  s += g.exp < 0 ? "e-" : "e+";
  if (x < 10 && !(trim_zero && g.exp < 0)) s += '0';
  return s + std::to_string(x);
}

}  // namespace

std::string go_float(double v) {
  std::string sign = std::signbit(v) ? "-" : "";
  if (v == 0) return sign + "0";
  Digits g = shortest(v);
  return sign + (g.exp < -4 || g.exp >= 6 ? expo(g, false) : fixed(g));
}

// encoding/json: 'f' unless the magnitude is below 1e-6 or at least 1e21; e-07 becomes e-7.
std::string go_float_json(double v) {
  std::string sign = std::signbit(v) ? "-" : "";
  if (v == 0) return sign + "0";
  Digits g = shortest(v);
  double a = std::fabs(v);
  return sign + (a < 1e-6 || a >= 1e21 ? expo(g, true) : fixed(g));
}

bool go_is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  if (r < 0xA1 || r == 0xAD || r == 0x3000 || r == 0xFEFF || r > 0x10FFFF) return false;
  if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) || (r >= 0x205F && r <= 0x206F))
    return false;
  if ((r >= 0xE000 && r <= 0xF8FF) || r >= 0xF0000 || (r >= 0xFFF0 && r <= 0xFFFB) || (r & 0xFFFE) == 0xFFFE) return false;
  return true;
}

std::string go_quote(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t r = utf8::decode(s, i);
    if (r == utf8::kRuneError && i - start == 1) {
      unsigned char b = s[start];
      out += {'\\', 'x', hex[b >> 4], hex[b & 15]};
    } else if (r == '"' || r == '\\') {
      out += {'\\', static_cast<char>(r)};
    } else if (go_is_print(r)) {
      out.append(s.substr(start, i - start));
    } else {
      const char* esc = r == '\a' ? "\\a" : r == '\b' ? "\\b" : r == '\f' ? "\\f" : r == '\n' ? "\\n"
                      : r == '\r' ? "\\r" : r == '\t' ? "\\t" : r == '\v' ? "\\v" : nullptr;
      int digits = r < ' ' || r == 0x7F ? 2 : r < 0x10000 ? 4 : 8;
      if (esc) {
        out += esc;
      } else {
        out += digits == 2 ? "\\x" : digits == 4 ? "\\u" : "\\U";
        for (int k = digits - 1; k >= 0; --k) out += hex[(r >> (4 * k)) & 15];
      }
    }
  }
  return out + "\"";
}

}  // namespace strata::format
