// Go's text/template lexer inside an action: operands, strings, numbers, punctuation.
#include "format/gofmt.h"
#include "format/template_lex.h"

namespace strata::format::tmpl {

bool Lexer::quoted(char q, const char* err) {
  size_t p = pos_ + 1;
  for (; p < in_.size() && in_[p] != q; ++p) {
    if (q == '`') continue;
    if (in_[p] == '\\') ++p;
    if (p >= in_.size() || in_[p] == '\n') return fail(err);
  }
  if (p >= in_.size()) return fail(err);
  emit(q == '"' ? Tok::String : q == '`' ? Tok::RawString : Tok::Char, pos_, p + 1);
  return pos_ = p + 1, true;
}

bool Lexer::number() {
  size_t p = pos_;
  if (in_[p] == '+' || in_[p] == '-') ++p;
  std::string_view digits = "0123456789_";
  if (at(p, "0x") || at(p, "0X")) p += 2, digits = "0123456789abcdefABCDEF_";
  else if (at(p, "0o") || at(p, "0O") || at(p, "0b") || at(p, "0B")) p += 2;
  auto run = [&](std::string_view set) {
    while (p < in_.size() && set.find(in_[p]) != std::string_view::npos) ++p;
  };
  run(digits);
  if (at(p, ".")) ++p, run(digits);
  if (digits.size() == 11 && p < in_.size() && (in_[p] == 'e' || in_[p] == 'E')) {
    ++p;
    if (p < in_.size() && (in_[p] == '+' || in_[p] == '-')) ++p;
    run("0123456789_");
  }
  if (p < in_.size() && is_alnum(in_[p]))
    return fail("bad number syntax: " + go_quote(in_.substr(pos_, p + 1 - pos_)));
  emit(Tok::Number, pos_, p);
  return pos_ = p, true;
}

bool Lexer::action() {
  int parens = 0;
  for (;;) {
    if (right_trim(pos_) || at(pos_, "}}")) {
      if (parens > 0) return fail("unclosed left paren");
      emit(Tok::Right, pos_, pos_ + 2);
      return close_delim(), true;
    }
    if (pos_ >= in_.size()) return fail("unclosed action");
    char c = in_[pos_];
    size_t p = pos_ + 1;
    if (is_space(c)) {
      while (p < in_.size() && is_space(in_[p])) ++p;
      if (at(p, "-}}")) --p;  // the last space belongs to the " -}}" marker
      if (p > pos_) emit(Tok::Space, pos_, p), pos_ = p;
      continue;
    }
    if (c == '"' || c == '`' || c == '\'') {
      if (!quoted(c, c == '"' ? "unterminated quoted string" : c == '`' ? "unterminated raw quoted string"
                                                                          : "unterminated character constant"))
        return false;
      continue;
    }
    if (c == '+' || c == '-' || is_digit(c) || (c == '.' && p < in_.size() && is_digit(in_[p]))) {
      if (!number()) return false;
      continue;
    }
    Tok t;
    if (c == '.' || c == '$' || is_alnum(c)) {
      if (c == '.' || c == '$') {
        if (terminator(p)) {
          emit(c == '.' ? Tok::Dot : Tok::Var, pos_, p), pos_ = p;
          continue;
        }
      }
      while (p < in_.size() && is_alnum(in_[p])) ++p;
      if (!terminator(p)) return pos_ = p, fail("bad character " + rune_desc(utf8::decode(in_, p)));
      std::string_view w = in_.substr(pos_, p - pos_);
      static const std::string_view kw[] = {"block", "break", "continue", "define", "else", "end",
                                            "if", "range", "template", "with"};
      t = c == '.' ? Tok::Field : c == '$' ? Tok::Var : w == "true" || w == "false" ? Tok::Bool
          : w == "nil" ? Tok::Nil : std::find(std::begin(kw), std::end(kw), w) != std::end(kw) ? Tok::Keyword
          : Tok::Ident;
    } else if (c == ':') {
      if (!at(p, "=")) return fail("expected :=");
      t = Tok::Declare, ++p;
    } else if (c == '(' || c == ')') {
      parens += c == '(' ? 1 : -1;
      if (parens < 0) return fail("unexpected right paren");
      t = c == '(' ? Tok::LParen : Tok::RParen;
    } else if (c == '=' || c == '|' || c == ',') {
      t = c == '=' ? Tok::Assign : c == '|' ? Tok::Pipe : Tok::Comma;
    } else if (c > ' ' && c < 0x7F) {
      t = Tok::Punct;  // Go's itemChar: the parser reports it as unexpected
    } else {
      size_t i = pos_;
      return fail("unrecognized character in action: " + rune_desc(utf8::decode(in_, i)));
    }
    emit(t, pos_, p), pos_ = p;
  }
}

}  // namespace strata::format::tmpl
