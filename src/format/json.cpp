#include "format/json.h"

#include "format/gofmt.h"
#include "format/utf8.h"

namespace strata::format {

std::string json_string(std::string_view s, bool escape_html) {
  static const char* hex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      bool html = b == '<' || b == '>' || b == '&';
      if (b == '"' || b == '\\') out += {'\\', static_cast<char>(b)};
      else if (b == '\b') out += "\\b";
      else if (b == '\f') out += "\\f";
      else if (b == '\n') out += "\\n";
      else if (b == '\r') out += "\\r";
      else if (b == '\t') out += "\\t";
      else if (b < 0x20 || (html && escape_html)) out += {'\\', 'u', '0', '0', hex[b >> 4], hex[b & 15]};
      else out += static_cast<char>(b);
      continue;
    }
    size_t start = i;
    char32_t r = utf8::decode(s, i);
    if (r == utf8::kRuneError && i - start == 1) out += "\\ufffd";
    else if (r == 0x2028 || r == 0x2029) out += r == 0x2028 ? "\\u2028" : "\\u2029";
    else out.append(s.substr(start, i - start));
  }
  return out + "\"";
}

namespace {

void encode(std::string& out, const nlohmann::ordered_json& v, bool html, int depth, bool indent) {
  auto newline = [&](int d) {
    if (indent) out += "\n" + std::string(4 * d, ' ');
  };
  switch (v.type()) {
    case nlohmann::ordered_json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto& [k, val] : v.items()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        out += json_string(k, html) + (indent ? ": " : ":");
        encode(out, val, html, depth + 1, indent);
      }
      if (!v.empty()) newline(depth);
      out += '}';
      return;
    }
    case nlohmann::ordered_json::value_t::array:
      out += '[';
      for (size_t i = 0; i < v.size(); ++i) {
        if (i) out += ',';
        newline(depth + 1);
        encode(out, v[i], html, depth + 1, indent);
      }
      if (!v.empty()) newline(depth);
      out += ']';
      return;
    case nlohmann::ordered_json::value_t::string:
      out += json_string(v.get_ref<const std::string&>(), html);
      return;
    case nlohmann::ordered_json::value_t::number_float:
      out += go_float_json(v.get<double>());
      return;
    case nlohmann::ordered_json::value_t::discarded:
      out += "null";
      return;
    default:
      out += v.dump();  // null, bool, integers
  }
}

}  // namespace

std::string json_compact(const nlohmann::ordered_json& v, bool escape_html) {
  std::string out;
  encode(out, v, escape_html, 0, false);
  return out;
}

std::string json_indent(const nlohmann::ordered_json& v, bool escape_html) {
  std::string out;
  encode(out, v, escape_html, 0, true);
  return out;
}

}  // namespace strata::format
