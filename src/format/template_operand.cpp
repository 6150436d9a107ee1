// Parsing of operands (fields, variables, constants, parenthesized pipelines) and the
// node text Go shows in execution errors.
#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "format/gofmt.h"
#include "format/template_parse.h"
#include "format/utf8.h"

namespace strata::format::tmpl {

std::string Cmd::text() const {
  std::string s;
  for (auto& a : args) s += (s.empty() ? "" : " ") + a.text;
  return s;
}

std::string Pipe::text() const {
  std::string s;
  for (auto& v : decl) s += (s.empty() ? "" : ", ") + v;
  if (!decl.empty()) s += assign ? " = " : " := ";
  for (size_t i = 0; i < cmds.size(); ++i) s += (i ? " | " : "") + cmds[i].text();
  return s;
}

bool Parser::operand(Arg& a) {
  if (!term(a)) return false;
  if (peek().type != Tok::Field) return true;
  a.pos = peek().pos;
  std::string chain;
  while (peek().type == Tok::Field) {
    chain += next().val;
    a.fields.push_back(chain.substr(chain.rfind('.') + 1));
  }
  if (a.kind != Arg::Field && a.kind != Arg::Var && a.kind != Arg::Paren)
    error(fmt::format("unexpected . after term {}", go_quote(a.text)));
  a.text += chain;
  return true;
}

bool Parser::term(Arg& a) {
  const Token& t = next_non_space();
  a.pos = t.pos;
  a.text = t.val;
  switch (t.type) {
    case Tok::Ident:
      if (!is_function(t.val)) error(fmt::format("function {} not defined", go_quote(t.val)));
      return a.kind = Arg::Ident, a.name = t.val, true;
    case Tok::Dot: return a.kind = Arg::Dot, true;
    case Tok::Nil: return a.kind = Arg::Nil, true;
    case Tok::Var:
      if (std::find(vars_.begin(), vars_.end(), t.val) == vars_.end())
        error(fmt::format("undefined variable {}", go_quote(t.val)));
      return a.kind = Arg::Var, a.name = t.val, true;
    case Tok::Field: return a.kind = Arg::Field, a.fields = {t.val.substr(1)}, true;
    case Tok::Bool: return a.kind = Arg::Bool, a.value = t.val == "true", true;
    case Tok::Char: case Tok::Number: a = number(t); return true;
    case Tok::LParen:
      a.kind = Arg::Paren;
      a.pipe = std::make_shared<Pipe>(pipeline("parenthesized pipeline", Tok::RParen));
      a.text = "(" + a.pipe->text() + ")";
      return true;
    case Tok::String: case Tok::RawString: {
      std::string s;
      if (t.type == Tok::RawString) s = t.val.substr(1, t.val.size() - 2);
      else if (!go_unquote(t.val, s)) error("invalid syntax");
      return a.kind = Arg::String, a.value = s, true;
    }
    default: --i_; return false;
  }
}

Arg Parser::number(const Token& t) {
  Arg a{Arg::Number, t.pos, t.val, {}, {}, {}, {}};
  std::string s;
  if (t.type == Tok::Char) {
    size_t i = 0;
    if (!go_unquote(t.val, s) || s.empty() || (utf8::decode(s, i), i != s.size()))
      error("malformed character constant: " + t.val);
    i = 0;
    return a.value = static_cast<int64_t>(utf8::decode(s, i)), a;
  }
  std::remove_copy(t.val.begin(), t.val.end(), std::back_inserter(s), '_');
  bool hex = s.find("0x") != std::string::npos || s.find("0X") != std::string::npos;
  char* end = nullptr;
  errno = 0;
  if (!hex && s.find_first_of(".eE") != std::string::npos) {
    a.value = std::strtod(s.c_str(), &end);
  } else {
    int base = 0;
    size_t p = s[0] == '-' || s[0] == '+';
    if (s.size() > p + 1 && s[p] == '0' && std::string("oObB").find(s[p + 1]) != std::string::npos) {
      base = s[p + 1] == 'o' || s[p + 1] == 'O' ? 8 : 2;
      s.erase(p, 2);
    }
    a.value = static_cast<int64_t>(std::strtoll(s.c_str(), &end, base));
  }
  if (errno == ERANGE) error("integer overflow: " + go_quote(t.val));
  if (s.empty() || *end != '\0') error("illegal number syntax: " + go_quote(t.val));
  return a;
}

}  // namespace strata::format::tmpl
