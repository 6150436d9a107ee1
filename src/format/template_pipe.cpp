// Parsing of control structures, declarations, pipelines and commands.
#include <fmt/format.h>

#include "format/template_parse.h"

namespace strata::format::tmpl {

Node Parser::control(Node::Kind kind, std::string_view context) {
  size_t mark = vars_.size();
  Node n{kind, 0, {}, {}, {}, {}};
  n.pipe = pipeline(context, Tok::Right);
  n.pos = n.pipe.pos;
  range_depth_ += kind == Node::Range;
  Marker m = item_list(n.list);
  range_depth_ -= kind == Node::Range;
  if (m == Marker::else_chain) {
    const Token& k = next_non_space();
    if (k.val == context) {
      n.else_list.push_back(control(kind, context));
    } else {  // {{else with}} inside if, or {{else if}} inside with
      unexpected(k, "input");
    }
  } else if (m != Marker::end) {
    if (item_list(n.else_list) != Marker::end) error("expected end; found {{else}}");
  }
  vars_.resize(mark);
  return n;
}

Parser::Marker Parser::item_list(std::vector<Node>& list) {
  while (peek_non_space().type != Tok::Eof) {
    Item it = text_or_action();
    if (it.marker != Marker::none) return it.marker;
    list.push_back(std::move(it.node));
  }
  error("unexpected EOF");
}

void Parser::declarations(Pipe& pipe, std::string_view context) {
  for (;;) {
    size_t save = i_;
    if (peek_non_space().type != Tok::Var) return;
    const Token& v = next_non_space();
    const Token& op = next_non_space();
    if (op.type == Tok::Assign || op.type == Tok::Declare) {
      pipe.assign = op.type == Tok::Assign;
    } else if (op.type != Tok::Comma) {
      i_ = save;
      return;
    }
    pipe.decl.push_back(v.val);
    vars_.push_back(v.val);
    if (op.type != Tok::Comma) return;
    Tok t = peek_non_space().type;
    if (context != "range" || pipe.decl.size() >= 2) error(fmt::format("too many declarations in {}", context));
    if (t != Tok::Var && t != Tok::Right && t != Tok::RParen) error("range can only initialize variables");
  }
}

Pipe Parser::pipeline(std::string_view context, Tok end) {
  Pipe pipe;
  pipe.pos = peek_non_space().pos;
  declarations(pipe, context);
  for (;;) {
    const Token& t = next_non_space();
    if (t.type == end) break;
    switch (t.type) {
      case Tok::Bool: case Tok::Char: case Tok::Dot: case Tok::Field: case Tok::Ident: case Tok::Number:
      case Tok::Nil: case Tok::RawString: case Tok::String: case Tok::Var: case Tok::LParen:
        --i_;
        pipe.cmds.push_back(command());
        break;
      default: unexpected(t, context);
    }
  }
  if (pipe.cmds.empty()) error(fmt::format("missing value for {}", context));
  for (size_t i = 1; i < pipe.cmds.size(); ++i) {
    Arg::Kind k = pipe.cmds[i].args[0].kind;
    if (k == Arg::Bool || k == Arg::Dot || k == Arg::Nil || k == Arg::Number || k == Arg::String)
      error(fmt::format("non executable command in pipeline stage {}", i + 1));
  }
  return pipe;
}

Cmd Parser::command() {
  Cmd cmd;
  cmd.pos = peek_non_space().pos;
  for (;;) {
    peek_non_space();
    Arg a;
    if (operand(a)) cmd.args.push_back(std::move(a));
    const Token& t = next();
    if (t.type == Tok::Space) continue;
    if (t.type == Tok::Right || t.type == Tok::RParen) --i_;
    else if (t.type != Tok::Pipe) unexpected(t, "operand");
    break;
  }
  if (cmd.args.empty()) error("empty command");
  return cmd;
}

}  // namespace strata::format::tmpl
