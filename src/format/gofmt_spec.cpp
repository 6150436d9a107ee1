// fmt's per-verb formatting of strings, integers, floats, bools, slices and maps.
#include <algorithm>
#include <cstdio>

#include "format/gofmt_spec.h"
#include "format/utf8.h"

namespace strata::format {
namespace {

std::string pad(std::string s, const Spec& sp, bool zeros = false) {
  int n = sp.width - static_cast<int>(utf8::rune_count(s));
  if (n <= 0) return s;
  if (sp.minus) return s + std::string(n, ' ');
  if (zeros && !s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' '))
    return s[0] + std::string(n, '0') + s.substr(1);
  return std::string(n, zeros ? '0' : ' ') + s;
}

std::string bad_verb(const Json& v, char verb) {
  return std::string("%!") + verb + "(" + go_type_name(v) + "=" + go_sprint(v) + ")";
}

std::string fmt_int(const Json& v, Spec s) {
  bool neg = v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(v.get<int64_t>()) : v.get<uint64_t>();
  if (s.verb == 'c' || s.verb == 'q' || s.verb == 'U') {
    char32_t r = neg || u > 0x10FFFF ? utf8::kRuneError : static_cast<char32_t>(u);
    std::string c;
    utf8::append(c, r);
    if (s.verb == 'c') return pad(c, s);
    char buf[16];
    if (s.verb == 'U') {
      std::snprintf(buf, sizeof buf, "U+%04X", unsigned(r));
      return pad(s.sharp && go_is_print(r) ? std::string(buf) + " '" + c + "'" : std::string(buf), s);
    }
    std::string q = go_quote(c);
    return pad("'" + (c == "'" ? "\\'" : q.substr(1, q.size() - 2) == "\\\"" ? "\"" : q.substr(1, q.size() - 2)) + "'", s);
  }
  int base = s.verb == 'b' ? 2 : s.verb == 'o' || s.verb == 'O' ? 8 : s.verb == 'x' || s.verb == 'X' ? 16 : 10;
  const char* dig = s.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string d;
  for (uint64_t x = u; x; x /= base) d.insert(d.begin(), dig[x % base]);
  int prec = s.prec;
  bool signed_out = neg || s.plus || s.space;
  if (prec < 0 && s.zero && s.width > 0 && !s.minus) prec = s.width - (signed_out ? 1 : 0);
  if (prec < 0) prec = 1;
  if (static_cast<int>(d.size()) < prec) d.insert(0, prec - d.size(), '0');
  if (s.sharp && base == 8 && d[0] != '0') d.insert(0, "0");
  if (s.verb == 'O') d.insert(0, "0o");
  if (s.sharp && base == 16) d.insert(0, s.verb == 'X' ? "0X" : "0x");
  if (s.sharp && base == 2) d.insert(0, "0b");
  d.insert(0, neg ? "-" : s.plus ? "+" : s.space ? " " : "");
  return pad(d, s);
}

std::string fmt_float(double x, Spec s) {
  std::string num;
  char v = s.verb == 'v' ? 'g' : s.verb == 'F' ? 'f' : s.verb;
  if ((v == 'g' || v == 'G') && s.prec < 0) {
    num = go_float(x);
    if (v == 'G') std::transform(num.begin(), num.end(), num.begin(), ::toupper);
  } else {
    char fmt[8] = {'%', '.', '*', v, 0};
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, s.prec < 0 ? 6 : std::min(s.prec, 400), x);
    num = buf;
  }
  if (num[0] != '-' && (s.plus || s.space)) num.insert(0, s.plus ? "+" : " ");
  return pad(num, s, s.zero && !s.minus);
}

std::string fmt_string(const std::string& str, const Spec& s) {
  std::string t = str;
  if (s.prec >= 0 && s.verb != 'x' && s.verb != 'X') {
    size_t i = 0;
    for (int n = 0; i < t.size() && n < s.prec; ++n) utf8::decode(t, i);
    t.resize(i);
  }
  if (s.verb == 'q' || (s.verb == 'v' && s.sharp)) return pad(go_quote(t), s);
  if (s.verb == 'x' || s.verb == 'X') {
    const char* dig = s.verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string h = s.sharp && !t.empty() ? (s.verb == 'X' ? "0X" : "0x") : "";
    for (unsigned char c : t) h += {dig[c >> 4], dig[c & 15]};
    return pad(h, s);
  }
  return pad(t, s);
}

}  // namespace

std::string format_arg(const Json& v, const Spec& s, bool top) {
  const std::string verbs_int = "vdbcoOqxXU", verbs_float = "veEfFgG", verbs_str = "vsqxX";
  switch (v.type()) {
    case Json::value_t::null:
      if (!top || s.verb == 'v') return pad("<nil>", s);
      return std::string("%!") + s.verb + "(<nil>)";
    case Json::value_t::boolean:
      return s.verb == 'v' || s.verb == 't' ? pad(v.get<bool>() ? "true" : "false", s) : bad_verb(v, s.verb);
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return verbs_int.find(s.verb) != std::string::npos ? fmt_int(v, s) : bad_verb(v, s.verb);
    case Json::value_t::number_float:
      return verbs_float.find(s.verb) != std::string::npos ? fmt_float(v.get<double>(), s) : bad_verb(v, s.verb);
    case Json::value_t::string:
      return verbs_str.find(s.verb) != std::string::npos ? fmt_string(v.get<std::string>(), s) : bad_verb(v, s.verb);
    case Json::value_t::array: {
      std::string out = "[";
      for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + format_arg(v[i], s, false);
      return out + "]";
    }
    case Json::value_t::object: {
      std::vector<std::string> keys;
      for (auto& [k, _] : v.items()) keys.push_back(k);
      std::sort(keys.begin(), keys.end());
      std::string out = "map[";
      for (size_t i = 0; i < keys.size(); ++i)
        out += (i ? " " : "") + format_arg(keys[i], s, false) + ":" + format_arg(v.at(keys[i]), s, false);
      return out + "]";
    }
    default: return "<nil>";
  }
}

}  // namespace strata::format
