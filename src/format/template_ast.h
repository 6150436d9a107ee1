// Internal: tokens and syntax tree of a parsed template (Go's text/template/parse).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace strata::format::tmpl {

using Json = nlohmann::ordered_json;

enum class Tok { Text, Left, Right, Space, Ident, Keyword, Field, Dot, Var, String, RawString,
                 Char, Number, Bool, Nil, LParen, RParen, Pipe, Declare, Assign, Comma, Punct, Eof, Error };

struct Token {
  Tok type;
  std::string val;
  size_t pos;
};

// The whole token stream; a lexing error ends it with a Tok::Error carrying Go's message.
std::vector<Token> lex(std::string_view src);

struct Pipe;

// An operand: Go's FieldNode, DotNode, VariableNode, IdentifierNode, constants, or a
// parenthesized pipeline (ChainNode when fields follow it).
struct Arg {
  enum Kind { Field, Dot, Var, Ident, String, Number, Bool, Nil, Paren } kind = Dot;
  size_t pos = 0;
  std::string text;                 // Go's String() of the node, used in error context
  std::string name;                 // Var: "$x"; Ident: function name
  std::vector<std::string> fields;  // Field, Var, Paren: field names applied in order
  Json value;                       // String, Number, Bool: the constant
  std::shared_ptr<Pipe> pipe;       // Paren
};

struct Cmd {
  size_t pos = 0;
  std::vector<Arg> args;
  std::string text() const;
};

struct Pipe {
  size_t pos = 0;
  bool assign = false;            // "$x = ..." rather than "$x := ..."
  std::vector<std::string> decl;  // declared or assigned variables
  std::vector<Cmd> cmds;
  std::string text() const;
};

struct Node {
  enum Kind { Text, Action, If, Range, With, Break, Continue } kind = Text;
  size_t pos = 0;
  std::string text;  // Text
  Pipe pipe;         // Action, If, Range, With
  std::vector<Node> list, else_list;
};

struct Tree {
  std::string source;
  std::vector<Node> root;
};

// Parses; throws Error(invalid_argument) with Docker's "template parsing error: ..." text.
std::shared_ptr<const Tree> parse_tree(std::string_view src);
// True for builtin and Docker template functions.
bool is_function(std::string_view name);
// Go's %#U: U+0041 'A'.
std::string rune_desc(char32_t r);

}  // namespace strata::format::tmpl
