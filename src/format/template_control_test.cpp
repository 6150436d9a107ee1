#include <gtest/gtest.h>

#include "format/template.h"

namespace strata::format {
namespace {

const nlohmann::ordered_json& data() {
  static auto d = nlohmann::ordered_json::parse(R"({
    "Name": "web", "State": {"Pid": 1234, "Running": true, "Error": "", "Health": null},
    "Config": {"Labels": {"z": "last", "com.example": "1"}, "Cmd": ["sh", "-c", "a && b"]},
    "x": {"s": "a<b&c", "i": 1234567, "fl": 1234567.0, "f": 1.5, "neg": -3, "b": true, "n": null,
          "arr": [1, "two", [3], {"z": 1, "a": "q"}], "obj": {"b": 2, "a": "x y", "c": []},
          "e": {}, "ea": [], "u": "héllo wörld"}})");
  return d;
}

std::string render(std::string_view t) { return Template::parse(t).render(data()); }

struct Case {
  const char* tmpl;
  const char* want;
};

void check(std::initializer_list<Case> cases) {
  for (auto& c : cases) {
    try {
      EXPECT_EQ(render(c.tmpl), c.want) << c.tmpl;
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.tmpl << ": " << e.what();
    }
  }
}

}  // namespace

TEST(Template, IfElse) {
  check({{"{{if .State.Running}}up{{else}}down{{end}}", "up"},
         {"{{if .State.Error}}err{{else}}ok{{end}}", "ok"},
         {"{{if .Nope}}a{{else if .x.ea}}b{{else if .x.arr}}c{{else}}d{{end}}", "c"},
         {"{{if .x.n}}a{{end}}{{if .x.e}}b{{end}}{{if 0}}c{{end}}{{if 0.0}}d{{end}}{{if \"\"}}e{{end}}|", "|"},
         {"{{with .State}}{{.Pid}}{{end}}|{{with .Nope}}x{{else}}none{{end}}", "1234|none"},
         {"{{with .Nope}}a{{else with .Name}}{{.}}{{end}}", "web"}});
}

TEST(Template, Range) {
  check({{"{{range .Config.Cmd}}[{{.}}]{{end}}", "[sh][-c][a && b]"},
         {"{{range $i, $e := .x.arr}}{{$i}}={{$e}},{{end}}", "0=1,1=two,2=[3],3=map[a:q z:1],"},
         {"{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", "com.example=1;z=last;"},
         {"{{range $v := .x.obj}}{{$v}}/{{end}}", "x y/2/[]/"},
         {"{{range .x.ea}}x{{else}}empty{{end}}|{{range .Nope}}x{{else}}none{{end}}|{{range .x.n}}x{{end}}",
          "empty|none|"},
         {"{{range 3}}{{.}}{{end}}|{{range $i := 2}}{{$i}}{{end}}|{{range 0}}x{{else}}zero{{end}}", "012|01|zero"},
         {"{{range $i, $e := .x.arr}}{{if eq $i 1}}{{continue}}{{end}}{{if eq $i 3}}{{break}}{{end}}{{$e}}{{end}}",
          "1[3]"},
         {"{{range .x.arr}}{{$.Name}}{{end}}", "webwebwebweb"}});
}

TEST(Template, VariablesAndPipelines) {
  check({{"{{$x := .Name}}{{$x}}{{$x = \"db\"}}{{$x}}", "webdb"},
         {"{{$x := 5}}{{if true}}{{$x = 6}}{{$y := 1}}{{end}}{{$x}}", "6"},
         {"{{with $n := .Name}}{{$n}}{{.}}{{end}}", "webweb"},
         {"{{.Name | printf \"%s-%s\" \"a\"}}|{{.Name | len}}|{{.Name | printf \"%q\" | len}}", "a-web|3|5"},
         {"{{(index .Config.Labels \"z\")}}|{{(.State).Pid}}|{{(index .x.arr 3).a}}", "last|1234|q"},
         {"{{.Name | }}", "web"}});
}

}  // namespace strata::format
