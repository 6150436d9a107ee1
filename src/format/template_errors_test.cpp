#include <gtest/gtest.h>

#include "common/error.h"
#include "format/template.h"

namespace strata::format {
namespace {

std::string error_of(std::string_view t) {
  static auto d = nlohmann::ordered_json::parse(R"({"Name": "web",
    "x": {"s": "abc", "i": 7, "f": 1.5, "n": null, "arr": [1, "two"], "obj": {"a": "q"}}})");
  try {
    Template::parse(t).render(d);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_argument);
    return e.what();
  }
  return "no error";
}

void check(std::initializer_list<std::pair<const char*, const char*>> cases, const char* prefix) {
  for (auto& [tmpl, want] : cases) EXPECT_EQ(error_of(tmpl), std::string(prefix) + want) << tmpl;
}

}  // namespace

TEST(TemplateErrors, Parse) {
  check({{"{{foo .}}", ":1: function \"foo\" not defined"},
         {"x\n{{.A}}\n{{bad}}", ":3: function \"bad\" not defined"},
         {"{{.Foo", ":1: unclosed action"},
         {"a{{end}}", ":1: unexpected {{end}}"},
         {"{{else}}", ":1: unexpected {{else}}"},
         {"{{if .X}}", ":1: unexpected EOF"},
         {"{{range}}x{{end}}", ":1: missing value for range"},
         {"{{if}}{{end}}", ":1: missing value for if"},
         {"{{ }}", ":1: missing value for command"},
         {"{{\"abc}}", ":1: unterminated quoted string"},
         {"{{$x}}", ":1: undefined variable \"$x\""},
         {"{{if true}}{{$y := 1}}{{end}}{{$y}}", ":1: undefined variable \"$y\""},
         {"{{(.Name}}", ":1: unclosed left paren"},
         {"{{.Name)}}", ":1: unexpected right paren"},
         {"{{.Name | 3}}", ":1: non executable command in pipeline stage 2"},
         {"{{/* c", ":1: unclosed comment"},
         {"{{/* c */x}}", ":1: comment ends before closing delimiter"},
         {"{{.Name.}}", ":1: unexpected <.> in operand"},
         {"{{ /* x */ }}", ":1: unexpected \"/\" in command"},
         {"{{break}}", ":1: {{break}} outside {{range}}"},
         {"{{1a}}", ":1: bad number syntax: \"1a\""},
         {"{{'ab'}}", ":1: malformed character constant: 'ab'"},
         {"{{\"\\z\"}}", ":1: invalid syntax"},
         {"{{if .A}}a{{else}}b{{else}}c{{end}}", ":1: expected end; found {{else}}"},
         {"{{range $a, $b, $c := .X}}{{end}}", ":1: too many declarations in range"},
         {"{{template \"x\"}}", ":1: {{template}} is not supported"}},
        "template parsing error: template: ");
}

TEST(TemplateErrors, Execute) {
  check({{"{{.x.s.foo}}", ":1:4: executing \"\" at <.x.s.foo>: can't evaluate field foo in type interface {}"},
         {"{{$v := .x.s}}{{$v.foo}}", ":1:18: executing \"\" at <$v.foo>: can't evaluate field foo in type string"},
         {"{{.x.n.foo}}", ":1:4: executing \"\" at <.x.n.foo>: nil pointer evaluating interface {}.foo"},
         {"{{index .x.arr 9}}", ":1:2: executing \"\" at <index .x.arr 9>: error calling index: index out of range: 9"},
         {"{{index .x.arr 2}}", ":1:2: executing \"\" at <index .x.arr 2>: error calling index: reflect: slice index out of range"},
         {"{{index .x.arr \"a\"}}", ":1:2: executing \"\" at <index .x.arr \"a\">: error calling index: cannot index slice/array with type string"},
         {"{{index .x.obj 1}}", ":1:2: executing \"\" at <index .x.obj 1>: error calling index: value has type int; should be string"},
         {"{{index .x.n 1}}", ":1:2: executing \"\" at <index .x.n 1>: error calling index: index of untyped nil"},
         {"{{len .x.i}}", ":1:2: executing \"\" at <len .x.i>: error calling len: len of type int"},
         {"{{len .x.n}}", ":1:2: executing \"\" at <len .x.n>: error calling len: len of nil pointer"},
         {"{{json}}", ":1:2: executing \"\" at <json>: wrong number of args for json: want 1 got 0"},
         {"{{printf}}", ":1:2: executing \"\" at <printf>: wrong number of args for printf: want at least 1 got 0"},
         {"{{join .x.arr \",\"}}", ":1:9: executing \"\" at <.x.arr>: wrong type for value; expected []string; got []interface {}"},
         {"{{upper .x.f}}", ":1:10: executing \"\" at <.x.f>: wrong type for value; expected string; got float64"},
         {"{{upper .Nope}}", ":1:8: executing \"\" at <.Nope>: invalid value; expected string"},
         {"{{upper 1}}", ":1:8: executing \"\" at <1>: expected string; found 1"},
         {"{{truncate \"abc\" \"x\"}}", ":1:17: executing \"\" at <\"x\">: expected integer; found \"x\""},
         {"{{upper nil}}", ":1:8: executing \"\" at <nil>: cannot assign nil to string"},
         {"{{nil}}", ":1:2: executing \"\" at <nil>: nil is not a command"},
         {"{{\"x\" 1}}", ":1:2: executing \"\" at <\"x\">: can't give argument to non-function \"x\""},
         {"{{1 | .Name}}", ":1:6: executing \"\" at <.Name>: Name is not a method but has arguments"},
         {"{{eq .x.s 1}}", ":1:2: executing \"\" at <eq .x.s 1>: error calling eq: incompatible types for comparison"},
         {"{{eq .x.arr .x.arr}}", ":1:2: executing \"\" at <eq .x.arr .x.arr>: error calling eq: non-comparable type [%!s(int=1) two]: []interface {}"},
         {"{{lt .x.f 2}}", ":1:2: executing \"\" at <lt .x.f 2>: error calling lt: incompatible types for comparison"},
         {"{{lt true 1}}", ":1:2: executing \"\" at <lt true 1>: error calling lt: incompatible types for comparison"},
         {"{{eq .x.arr .x.obj}}", ":1:2: executing \"\" at <eq .x.arr .x.obj>: error calling eq: non-comparable types [%!s(int=1) two]: []interface {}, map[string]interface {}: map[a:q]"},
         {"{{title (lt .x.i 2.5)}}", ":1:9: executing \"\" at <lt .x.i 2.5>: error calling lt: incompatible types for comparison"},
         {"{{lt (upper .x.f) (upper .x.i)}}", ":1:14: executing \"\" at <.x.f>: wrong type for value; expected string; got float64"},
         {"{{slice .x.s .x.obj}}", ":1:2: executing \"\" at <slice .x.s .x.obj>: error calling slice: cannot index slice/array with type interface {}"},
         {"{{lt true false}}", ":1:2: executing \"\" at <lt true false>: error calling lt: invalid type for comparison"},
         {"{{eq 1}}", ":1:2: executing \"\" at <eq 1>: error calling eq: missing argument for comparison"},
         {"{{range .x.s}}{{end}}", ":1:10: executing \"\" at <.x.s>: range can't iterate over abc"},
         {"{{range $i, $e := 2}}{{end}}", ":1:18: executing \"\" at <2>: can't use 2 to iterate over more than one variable"},
         {"{{truncate .x.s -1}}", ":1:2: executing \"\" at <truncate .x.s -1>: error calling truncate: runtime error: slice bounds out of range [:-1]"},
         {"x\n  {{.x.n.a}}", ":2:6: executing \"\" at <.x.n.a>: nil pointer evaluating interface {}.a"}},
        "template parsing error: template: ");
}

}  // namespace strata::format
