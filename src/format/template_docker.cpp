// Docker's template functions (docker/cli templates.basicFunctions).
#include <clocale>
#include <cwctype>

#include <fmt/format.h>

#include "format/json.h"
#include "format/template_funcs.h"
#include "format/utf8.h"

namespace strata::format::tmpl {
namespace {

const std::string& str(const Value& v) { return v->get_ref<const std::string&>(); }

// strings.Map with a rune mapping; invalid UTF-8 bytes become U+FFFD as in Go.
template <typename F>
std::string map_runes(const std::string& s, F f) {
  std::string out;
  for (size_t i = 0; i < s.size();) utf8::append(out, f(utf8::decode(s, i)));
  return out;
}

locale_t utf8_locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  return loc;
}

char32_t to_upper(char32_t r) {
  if (r < 0x80) return r >= 'a' && r <= 'z' ? r - 32 : r;
  return utf8_locale() ? static_cast<char32_t>(towupper_l(r, utf8_locale())) : r;
}

char32_t to_lower(char32_t r) {
  if (r < 0x80) return r >= 'A' && r <= 'Z' ? r + 32 : r;
  return utf8_locale() ? static_cast<char32_t>(towlower_l(r, utf8_locale())) : r;
}

// strings.Title's word separators.
bool is_separator(char32_t r) {
  if (r < 0x80) return !(std::isalnum(static_cast<int>(r)) || r == '_');
  return r == 0x85 || r == 0xA0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 ||
         r == 0x202F || r == 0x205F || r == 0x3000;
}

}  // namespace

Value f_json(const Args& a) { return Value::own(json_compact(as_any(a.get(0)), false)); }

Value f_split(const Args& a) {
  std::string s = str(a.get(0)), sep = str(a.get(1));
  Json out = Json::array();
  if (sep.empty()) {
    for (size_t i = 0; i < s.size();) {
      size_t start = i;
      utf8::decode(s, i);
      out.push_back(s.substr(start, i - start));
    }
    return Value::own(std::move(out));
  }
  size_t from = 0;
  for (size_t at; (at = s.find(sep, from)) != std::string::npos; from = at + sep.size())
    out.push_back(s.substr(from, at - from));
  out.push_back(s.substr(from));
  return Value::own(std::move(out));
}

Value f_join(const Args& a) {
  Value list = a.get(0);
  std::string sep = str(a.get(1)), out;
  for (size_t i = 0; i < list->size(); ++i) out += (i ? sep : "") + (*list)[i].get<std::string>();
  return Value::own(out);
}

Value f_title(const Args& a) {
  char32_t prev = ' ';
  return Value::own(map_runes(str(a.get(0)), [&](char32_t r) {
    char32_t out = is_separator(prev) ? to_upper(r) : r;
    prev = r;
    return out;
  }));
}

Value f_lower(const Args& a) { return Value::own(map_runes(str(a.get(0)), to_lower)); }
Value f_upper(const Args& a) { return Value::own(map_runes(str(a.get(0)), to_upper)); }

Value f_pad(const Args& a) {
  std::string s = str(a.get(0));
  int64_t pre = a.get(1)->get<int64_t>(), post = a.get(2)->get<int64_t>();
  if (s.empty()) return Value::own(s);
  if (pre < 0 || post < 0) throw CallError{"strings: negative Repeat count"};
  return Value::own(std::string(pre, ' ') + s + std::string(post, ' '));
}

Value f_truncate(const Args& a) {
  std::string s = str(a.get(0));
  int64_t n = a.get(1)->get<int64_t>();
  if (static_cast<int64_t>(s.size()) < n) return Value::own(s);
  if (n < 0) throw CallError{fmt::format("runtime error: slice bounds out of range [:{}]", n)};
  return Value::own(s.substr(0, n));
}

}  // namespace strata::format::tmpl
