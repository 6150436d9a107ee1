#include <gtest/gtest.h>

#include "format/template.h"

namespace strata::format {
namespace {

std::string render(std::string_view t) {
  static auto d = nlohmann::ordered_json::parse(R"({"Name": "web",
    "x": {"s": "a<b&c", "i": 7, "f": 1.5, "n": null, "arr": [1, "two", [3], {"z": 1, "a": "q"}],
          "obj": {"b": 2, "a": "x y"}, "e": {}, "strs": ["a", "b", "c"], "u": "héllo wörld"}})");
  return Template::parse(t).render(d);
}

void check(std::initializer_list<std::pair<const char*, const char*>> cases) {
  for (auto& [tmpl, want] : cases) {
    try {
      EXPECT_EQ(render(tmpl), want) << tmpl;
    } catch (const std::exception& e) {
      ADD_FAILURE() << tmpl << ": " << e.what();
    }
  }
}

}  // namespace

TEST(TemplateFuncs, IndexLenSlice) {
  check({{"{{index .x.arr 1}}|{{index .x.arr 3 \"a\"}}|{{index .x \"obj\" \"a\"}}|{{index .x.s 1}}", "two|q|x y|60"},
         {"{{index .x \"nope\"}}|{{index .x.arr 3 \"nope\"}}", "<no value>|<no value>"},
         {"{{len .x.s}} {{len .x.arr}} {{len .x.obj}} {{len .x.e}} {{len .x.u}}", "5 4 2 0 13"},
         {"{{slice .x.s 1 3}}|{{slice .x.arr 1 2}}|{{slice .x.s}}|{{slice .x.strs 2}}", "<b|[two]|a<b&c|[c]"}});
}

TEST(TemplateFuncs, Print) {
  check({{"{{print 1 \"a\" 2 3 \"b\" \"c\"}}", "1a2 3bc"},
         {"{{println .Name .x.i}}|{{print .x.n}}|{{print .Nope}}", "web 7\n|<nil>|<nil>"},
         {"{{printf \"%s=%d %v %q %5.1f|%-4s|\" .Name .x.i .x.arr .x.s .x.f \"ab\"}}",
          "web=7 [1 two [3] map[a:q z:1]] \"a<b&c\"   1.5|ab  |"},
         {"{{printf \"%d %s\" .Name}}", "%!d(string=web) %!s(MISSING)"}});
}

TEST(TemplateFuncs, Logic) {
  check({{"{{and 1 0 2}}|{{and 1 2}}|{{or 0 \"\" \"x\"}}|{{or 0 \"\"}}|{{not .x.e}}|{{not .x.obj}}", "0|2|x||true|false"},
         {"{{and 0 .Nope.Deeper.Still}}|{{or .Name (index .x.arr 99)}}", "0|web"}});
}

TEST(TemplateFuncs, Comparisons) {
  check({{"{{eq .Name \"web\"}} {{eq .x.i 1 7}} {{ne 1 2}} {{eq .Nope .Nope}} {{eq .x.n \"x\"}}", "true true true true false"},
         {"{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 2 3}} {{lt \"a\" \"b\"}} {{lt .x.f 2.5}} {{eq 2.0 2.0}}",
          "true true false false true true true"},
         {"{{if eq .Name \"db\" \"web\"}}match{{end}}", "match"}});
}

TEST(TemplateFuncs, Docker) {
  check({{"{{upper .x.u}}|{{lower \"ABC\"}}|{{title \"hello wORLD foo-bar héllo_x ñu\"}}",
          "HÉLLO WÖRLD|abc|Hello WORLD Foo-Bar Héllo_x Ñu"},
         {"{{join .x.strs \", \"}}|{{split \"a,b,c\" \",\"}}|{{join (split \"a:b\" \":\") \"-\"}}|{{len (split \"\" \",\")}}",
          "a, b, c|[a b c]|a-b|1"},
         {"{{split \"héy\" \"\"}}|{{truncate \"abcdef\" 3}}|{{truncate \"ab\" 3}}|[{{pad \"ab\" 1 2}}]|[{{pad \"\" 1 2}}]",
          "[h é y]|abc|ab|[ ab  ]|[]"},
         {"{{json .x.obj}}|{{.x.obj | json}}", R"({"b":2,"a":"x y"}|{"b":2,"a":"x y"})"}});
}

}  // namespace strata::format
