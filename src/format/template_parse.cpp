// Go's text/template parser: token access, errors, the list of text and actions.
#include <algorithm>

#include <fmt/format.h>

#include "common/error.h"
#include "format/gofmt.h"
#include "format/template_ast.h"
#include "format/template_parse.h"

namespace strata::format::tmpl {

const Token& Parser::next() {
  const Token& t = toks_[std::min(i_, toks_.size() - 1)];
  if (i_ < toks_.size()) ++i_;
  last_ = t.pos;
  return t;
}

const Token& Parser::next_non_space() {
  const Token* t;
  do t = &next();
  while (t->type == Tok::Space);
  return *t;
}

const Token& Parser::peek_non_space() {
  const Token& t = next_non_space();
  --i_;
  return t;
}

void Parser::error(const std::string& msg) const {
  int line = 1 + static_cast<int>(std::count(src_.begin(), src_.begin() + std::min(last_, src_.size()), '\n'));
  throw Error(Errc::invalid_argument, fmt::format("template parsing error: template: :{}: {}", line, msg));
}

void Parser::unexpected(const Token& t, std::string_view context) const {
  if (t.type == Tok::Error) error(t.val);
  std::string desc = t.type == Tok::Eof ? "EOF" : t.type == Tok::Keyword || t.type == Tok::Dot || t.type == Tok::Nil
                         ? "<" + t.val + ">" : utf8_prefix_quote(t.val);
  error(fmt::format("unexpected {} in {}", desc, context));
}

std::string Parser::utf8_prefix_quote(const std::string& s) {
  if (s.size() <= 10) return go_quote(s);
  return go_quote(s.substr(0, 10)) + "...";
}

std::vector<Node> Parser::parse_root() {
  std::vector<Node> root;
  while (peek().type != Tok::Eof) {
    Item it = text_or_action();
    if (it.marker != Marker::none) error(it.marker == Marker::end ? "unexpected {{end}}" : "unexpected {{else}}");
    root.push_back(std::move(it.node));
  }
  return root;
}

Parser::Item Parser::text_or_action() {
  const Token& t = next_non_space();
  if (t.type == Tok::Text) return {Node{Node::Text, t.pos, t.val, {}, {}, {}}, Marker::none};
  if (t.type != Tok::Left) unexpected(t, "input");
  return action();
}

Parser::Item Parser::action() {
  const Token& t = next_non_space();
  if (t.type == Tok::Keyword) {
    const std::string& k = t.val;
    size_t pos = t.pos;
    if (k == "break" || k == "continue") {
      const Token& r = next_non_space();
      if (r.type != Tok::Right) unexpected(r, "{{" + k + "}}");
      if (range_depth_ == 0) error("{{" + k + "}} outside {{range}}");
      return {Node{k == "break" ? Node::Break : Node::Continue, pos, {}, {}, {}, {}}, Marker::none};
    }
    if (k == "else") {
      const Token& p = peek_non_space();
      if (p.type == Tok::Keyword && (p.val == "if" || p.val == "with")) return {Node{}, Marker::else_chain};
      expect_right("else");
      return {Node{}, Marker::else_};
    }
    if (k == "end") return expect_right("end"), Item{Node{}, Marker::end};
    if (k == "if") return {control(Node::If, "if"), Marker::none};
    if (k == "range") return {control(Node::Range, "range"), Marker::none};
    if (k == "with") return {control(Node::With, "with"), Marker::none};
    error("{{" + k + "}} is not supported");
  }
  --i_;
  Node n{Node::Action, peek().pos, {}, {}, {}, {}};
  n.pipe = pipeline("command", Tok::Right);
  return {std::move(n), Marker::none};
}

void Parser::expect_right(std::string_view context) {
  const Token& t = next_non_space();
  if (t.type != Tok::Right) unexpected(t, context);
}

std::shared_ptr<const Tree> parse_tree(std::string_view src) {
  auto tree = std::make_shared<Tree>();
  tree->source = std::string(src);
  Parser p(tree->source);
  tree->root = p.parse_root();
  return tree;
}

}  // namespace strata::format::tmpl
