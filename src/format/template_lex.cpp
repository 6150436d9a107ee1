// Go's text/template lexer: text between actions, trim markers, comments.
#include <fmt/format.h>

#include "format/template_lex.h"

namespace strata::format::tmpl {

bool Lexer::text() {
  size_t x = in_.find("{{", pos_);
  bool trim = x != std::string_view::npos && at(x + 2, "-") && x + 3 < in_.size() && is_space(in_[x + 3]);
  size_t text_end = x == std::string_view::npos ? in_.size() : x;
  if (trim)
    while (text_end > pos_ && is_space(in_[text_end - 1])) --text_end;
  if (text_end > pos_) emit(Tok::Text, pos_, text_end);
  if (x == std::string_view::npos) return out_.push_back({Tok::Eof, "", in_.size()}), false;
  pos_ = x + (trim ? 4 : 2);
  if (at(pos_, "/*")) return comment();
  emit(Tok::Left, x, x + 2);
  return true;
}

bool Lexer::comment() {
  size_t end = in_.find("*/", pos_ + 2);
  if (end == std::string_view::npos) return fail("unclosed comment");
  pos_ = end + 2;
  if (!right_trim(pos_) && !at(pos_, "}}")) return fail("comment ends before closing delimiter");
  return close_delim(), text();
}

void Lexer::close_delim() {
  bool trim = right_trim(pos_);
  pos_ += trim ? 4 : 2;
  if (trim)
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
}

std::vector<Token> lex(std::string_view src) { return Lexer(src).run(); }

std::string rune_desc(char32_t r) {
  std::string s = fmt::format("U+{:04X}", static_cast<unsigned>(r));
  if (r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0)) {
    s += " '";
    utf8::append(s, r);
    s += "'";
  }
  return s;
}

}  // namespace strata::format::tmpl
