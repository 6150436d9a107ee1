// Internal: Go's text/template lexer state.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "format/template_ast.h"
#include "format/utf8.h"

namespace strata::format::tmpl {

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline bool is_alnum(char c) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<unsigned char>(c) >= 0x80;
}
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view in) : in_(in) {}
  std::vector<Token> run() {
    while (text() && action()) {
    }
    return std::move(out_);
  }

 private:
  bool at(size_t p, std::string_view s) const { return in_.substr(std::min(p, in_.size())).starts_with(s); }
  bool right_trim(size_t p) const { return p < in_.size() && is_space(in_[p]) && at(p + 1, "-}}"); }
  bool terminator(size_t p) const {
    if (p >= in_.size()) return true;
    char c = in_[p];
    return is_space(c) || std::string_view(".,|:)(").find(c) != std::string_view::npos || at(p, "}}");
  }
  void emit(Tok t, size_t from, size_t to) { out_.push_back({t, std::string(in_.substr(from, to - from)), from}); }
  bool fail(std::string msg) {
    out_.push_back({Tok::Error, std::move(msg), pos_});
    return false;
  }

  bool text();  // text up to the next action; false at the end of input
  bool comment();
  void close_delim();
  bool action();  // tokens inside one action, through its closing delimiter
  bool number();
  bool quoted(char q, const char* err);

  std::string_view in_;
  size_t pos_ = 0;
  std::vector<Token> out_;
};

}  // namespace strata::format::tmpl
