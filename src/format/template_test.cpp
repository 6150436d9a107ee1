#include "format/template.h"

#include <gtest/gtest.h>

#include "common/error.h"

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

std::string render(std::string_view t, RenderOptions o = {}) { return Template::parse(t).render(data(), o); }

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

TEST(Template, TextAndFields) {
  check({{"plain text", "plain text"},
         {"{{.Name}}", "web"},
         {"{{.State.Pid}} {{.State.Running}} [{{.State.Error}}]", "1234 true []"},
         {"{{.Config.Labels.z}}", "last"},
         {"{{.Nope}}|{{.State.Nope}}|{{.Nope.Deeper}}|{{.State.Health}}", "<no value>|<no value>|<no value>|<no value>"},
         {"{{.x.arr}}", "[1 two [3] map[a:q z:1]]"},
         {"{{.x.obj}}|{{.x.e}}|{{.x.ea}}", "map[a:x y b:2 c:[]]|map[]|[]"},
         {"{{.x.i}} {{.x.fl}} {{.x.f}} {{.x.neg}}", "1234567 1.234567e+06 1.5 -3"},
         {"{{.x}}", "map[arr:[1 two [3] map[a:q z:1]] b:true e:map[] ea:[] f:1.5 fl:1.234567e+06 i:1234567 n:<nil> "
                    "neg:-3 obj:map[a:x y b:2 c:[]] s:a<b&c u:héllo wörld]"},
         {"{{.}}", "map[Config:map[Cmd:[sh -c a && b] Labels:map[com.example:1 z:last]] Name:web State:map[Error: "
                   "Health:<nil> Pid:1234 Running:true] x:map[arr:[1 two [3] map[a:q z:1]] b:true e:map[] ea:[] f:1.5 "
                   "fl:1.234567e+06 i:1234567 n:<nil> neg:-3 obj:map[a:x y b:2 c:[]] s:a<b&c u:héllo wörld]]"}});
}

TEST(Template, Constants) {
  check({{"{{1}} {{-5}} {{0x10}} {{017}} {{0b101}} {{1_000}} {{true}} {{\"s\\tq\"}} {{`r\\t`}} {{'a'}}",
          "1 -5 16 15 5 1000 true s\tq r\\t 97"},
         {"{{1.0}} {{1e21}} {{0.00001}} {{1234567.0}} {{.5}}", "1 1e+21 1e-05 1.234567e+06 0.5"}});
}

TEST(Template, JsonFunction) {
  check({{"{{json .Config}}", R"({"Labels":{"z":"last","com.example":"1"},"Cmd":["sh","-c","a && b"]})"},
         {"{{json .x.s}}|{{json .x.n}}|{{json .Nope}}|{{json .x.fl}}", R"("a<b&c"|null|null|1234567)"},
         {"{{.Config.Cmd | json}}", R"(["sh","-c","a && b"])"},
         {"{{json \"\\u2028\\b\"}}", R"("\u2028\b")"}});
}

TEST(Template, TrimMarkersAndComments) {
  check({{"a  {{- .Name -}}  b", "awebb"},
         {"a {{- .Name}} b {{.Name -}} \n c", "aweb b webc"},
         {"{{/* comment */}}x{{- /* c */ -}}  y", "xy"},
         {"{{-3}}|{{- 3 -}} |", "-3|3|"},
         {"{{.Name\n}}", "web"}});
}

TEST(Template, MissingKeyOption) {
  RenderOptions strict{.missing_key_error = true};
  EXPECT_EQ(render("{{.Name}}", strict), "web");
  EXPECT_EQ(render("{{.Nope}}"), "<no value>");
  try {
    render("{{.Nope}}", strict);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::invalid_argument);
    EXPECT_STREQ(e.what(), R"(template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope")");
  }
}

TEST(Template, HeaderFunctionsReturnTheirArgument) {
  auto t = Template::parse("{{upper .A}}\t{{json .B}}\t{{truncate .C 1}}\t{{join .D \",\"}}\t{{pad .A 1 1}}");
  auto h = nlohmann::ordered_json{{"A", "NAME"}, {"B", "LABELS"}, {"C", "COMMAND"}, {"D", "PORTS"}};
  EXPECT_EQ(t.render(h, {.header = true}), "NAME\tLABELS\tCOMMAND\tPORTS\t NAME ");
}

TEST(Template, RendersUnorderedJsonSorted) {
  auto t = Template::parse("{{json .}}");
  EXPECT_EQ(t.render(nlohmann::json{{"b", 1}, {"a", 2}}), R"({"a":2,"b":1})");
  EXPECT_EQ(t.render(nlohmann::ordered_json{{"b", 1}, {"a", 2}}), R"({"b":1,"a":2})");
  EXPECT_EQ(Template::parse("{{.}}").render(nlohmann::json()), "<no value>");
}

TEST(Template, IsTable) {
  EXPECT_TRUE(is_table("table {{.ID}}"));
  EXPECT_TRUE(is_table("table"));
  EXPECT_FALSE(is_table(" table {{.ID}}"));
  EXPECT_FALSE(is_table("{{.ID}}"));
}

}  // namespace strata::format
