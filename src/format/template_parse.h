// Internal: the recursive-descent parser over the token stream.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "format/template_ast.h"

namespace strata::format::tmpl {

class Parser {
 public:
  explicit Parser(std::string_view src) : src_(src), toks_(lex(src)) {}
  std::vector<Node> parse_root();

 private:
  enum class Marker { none, end, else_, else_chain };
  struct Item {
    Node node;
    Marker marker;
  };

  const Token& next();
  const Token& peek() { return toks_[std::min(i_, toks_.size() - 1)]; }
  const Token& next_non_space();
  const Token& peek_non_space();
  [[noreturn]] void error(const std::string& msg) const;
  [[noreturn]] void unexpected(const Token& t, std::string_view context) const;
  static std::string utf8_prefix_quote(const std::string& s);
  void expect_right(std::string_view context);

  Item text_or_action();
  Item action();
  Node control(Node::Kind kind, std::string_view context);
  Marker item_list(std::vector<Node>& list);
  Pipe pipeline(std::string_view context, Tok end);
  void declarations(Pipe& pipe, std::string_view context);
  Cmd command();
  bool operand(Arg& out);
  bool term(Arg& out);
  Arg number(const Token& t);

  std::string_view src_;
  std::vector<Token> toks_;
  size_t i_ = 0, last_ = 0;
  int range_depth_ = 0;
  std::vector<std::string> vars_{"$"};
};

// strconv.Unquote for "..." and '...' literals; false on invalid syntax.
bool go_unquote(std::string_view lit, std::string& out);

}  // namespace strata::format::tmpl
