// fmt.Sprint/Sprintln/Sprintf over decoded JSON values.
#include <algorithm>

#include "format/gofmt.h"
#include "format/gofmt_spec.h"

namespace strata::format {

std::string go_type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "bool";
    case Json::value_t::number_integer: return "int";
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX) ? "uint64" : "int";
    case Json::value_t::number_float: return "float64";
    case Json::value_t::array: return "[]interface {}";
    case Json::value_t::object: return "map[string]interface {}";
    default: return "<nil>";
  }
}

std::string go_sprint(const Json& v) { return format_arg(v, Spec{}, true); }

std::string go_print(const std::vector<Json>& args) {
  std::string out;
  bool prev_string = false;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_string = args[i].is_string();
    if (i > 0 && !is_string && !prev_string) out += ' ';
    out += go_sprint(args[i]);
    prev_string = is_string;
  }
  return out;
}

std::string go_println(const std::vector<Json>& args) {
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) out += (i ? " " : "") + go_sprint(args[i]);
  return out + "\n";
}

namespace {
bool take_int(std::string_view f, size_t& i, int& out) {
  if (i >= f.size() || f[i] < '0' || f[i] > '9') return false;
  out = 0;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9') out = std::min(out * 10 + (f[i++] - '0'), 1000000);
  return true;
}
}  // namespace

std::string go_sprintf(std::string_view f, const std::vector<Json>& args) {
  std::string out;
  size_t argn = 0;
  bool reordered = false;
  for (size_t i = 0; i < f.size();) {
    if (f[i] != '%') {
      out += f[i++];
      continue;
    }
    ++i;
    Spec s;
    for (; i < f.size(); ++i) {
      char c = f[i];
      if (c == '#') s.sharp = true;
      else if (c == '0') s.zero = !s.minus;
      else if (c == '+') s.plus = true;
      else if (c == '-') s.minus = true, s.zero = false;
      else if (c == ' ') s.space = true;
      else break;
    }
    bool bad_index = false;
    auto arg_index = [&] {  // explicit argument index: %[2]d
      if (i >= f.size() || f[i] != '[') return;
      size_t close = f.find(']', i), j = i + 1;
      int n = 0;
      bool ok = close != std::string_view::npos && take_int(f, j, n) && j == close && n >= 1 &&
                static_cast<size_t>(n) <= args.size();
      reordered = true;
      if (ok) argn = n - 1;
      else bad_index = true;
      i = close == std::string_view::npos ? f.size() : close + 1;
    };
    auto star = [&](int& dst, const char* bad) {
      ++i;
      bool ok = argn < args.size() && args[argn].is_number_integer();
      if (ok) dst = args[argn].get<int>();
      else out += bad;
      if (argn < args.size()) ++argn;
    };
    arg_index();
    if (i < f.size() && f[i] == '*') star(s.width, "%!(BADWIDTH)");
    else take_int(f, i, s.width);
    if (s.width < 0) s.minus = true, s.zero = false, s.width = -s.width;
    if (i < f.size() && f[i] == '.') {
      ++i;
      arg_index();
      if (i < f.size() && f[i] == '*') star(s.prec, "%!(BADPREC)");
      else if (!take_int(f, i, s.prec)) s.prec = 0;
    }
    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    arg_index();
    if (i >= f.size()) {
      out += "%!(NOVERB)";
      break;
    }
    s.verb = f[i++];
    if (s.verb == '%') out += '%';
    else if (bad_index) out += std::string("%!") + s.verb + "(BADINDEX)";
    else if (argn >= args.size()) out += std::string("%!") + s.verb + "(MISSING)";
    else out += format_arg(args[argn++], s, true);
  }
  if (!reordered && argn < args.size()) {
    out += "%!(EXTRA ";
    for (size_t k = argn; k < args.size(); ++k)
      out += (k > argn ? ", " : "") + (args[k].is_null() ? "<nil>" : go_type_name(args[k]) + "=" + go_sprint(args[k]));
    out += ')';
  }
  return out;
}

}  // namespace strata::format
