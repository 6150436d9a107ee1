#include "format/gofmt.h"

#include <gtest/gtest.h>

namespace strata::format {

TEST(GoFmt, FloatPrintsLikePercentV) {
  const std::pair<double, const char*> cases[] = {
      {0, "0"},          {-0.0, "-0"},     {1, "1"},           {1.5, "1.5"},      {0.1, "0.1"},
      {123456, "123456"}, {1234567, "1.234567e+06"}, {1e20, "1e+20"}, {1e21, "1e+21"}, {0.0001, "0.0001"},
      {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"}, {-3, "-3"}, {12345678901234567890.0, "1.2345678901234567e+19"}};
  for (auto& [v, want] : cases) EXPECT_EQ(go_float(v), want) << v;
}

TEST(GoFmt, FloatPrintsLikeEncodingJson) {
  const std::pair<double, const char*> cases[] = {
      {1, "1"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"}, {0.000001, "0.000001"}, {1e-7, "1e-7"},
      {-0.0, "-0"}, {1.5e-7, "1.5e-7"}, {12345678901234567890.0, "12345678901234567000"}, {2.5, "2.5"}};
  for (auto& [v, want] : cases) EXPECT_EQ(go_float_json(v), want) << v;
}

TEST(GoFmt, QuoteEscapesLikeStrconv) {
  const std::pair<std::string, const char*> cases[] = {
      {"sleep 1000", R"("sleep 1000")"}, {"a\tb\x01", R"("a\tb\x01")"}, {"say \"hi\"\\", R"("say \"hi\"\\")"},
      {"\a\b\f\n\r\v\x7f", R"("\a\b\f\n\r\v\x7f")"}, {"héllo", "\"héllo\""}, {"\xff", R"("\xff")"},
      {"\u00a0\u2028", R"("\u00a0\u2028")"}, {"\U000F0000", R"("\U000f0000")"}};
  for (auto& [s, want] : cases) EXPECT_EQ(go_quote(s), want) << s;
}

TEST(GoFmt, SprintOfDecodedValues) {
  auto j = Json::parse(R"({"s":"a b","i":-3,"f":1.5,"t":true,"n":null,"arr":[1,"two",[3],{"z":1,"a":"q"}],
                           "obj":{"b":2,"a":"x y","c":[]},"e":{},"ea":[]})");
  EXPECT_EQ(go_sprint(j["s"]), "a b");
  EXPECT_EQ(go_sprint(j["i"]), "-3");
  EXPECT_EQ(go_sprint(j["t"]), "true");
  EXPECT_EQ(go_sprint(j["n"]), "<nil>");
  EXPECT_EQ(go_sprint(j["arr"]), "[1 two [3] map[a:q z:1]]");
  EXPECT_EQ(go_sprint(j["obj"]), "map[a:x y b:2 c:[]]");
  EXPECT_EQ(go_sprint(j["e"]), "map[]");
  EXPECT_EQ(go_sprint(j["ea"]), "[]");
  EXPECT_EQ(go_type_name(j["arr"]), "[]interface {}");
  EXPECT_EQ(go_type_name(j["obj"]), "map[string]interface {}");
  EXPECT_EQ(go_type_name(j["f"]), "float64");
}

TEST(GoFmt, PrintAddsSpacesOnlyBetweenNonStrings) {
  EXPECT_EQ(go_print({1, "a", 2, 3, "b", "c"}), "1a2 3bc");
  EXPECT_EQ(go_print({"a", "b"}), "ab");
  EXPECT_EQ(go_println({"a", 1, true}), "a 1 true\n");
  EXPECT_EQ(go_println({}), "\n");
}

TEST(GoFmt, Sprintf) {
  const struct {
    const char* fmt;
    std::vector<Json> args;
    const char* want;
  } cases[] = {
      {"%s|%d|%v|%q", {"a<b", 42, Json::array({1, "x"}), "q\""}, R"(a<b|42|[1 x]|"q\"")"},
      {"%5s|%-5s|%.2s|%5.1s", {"ab", "ab", "abc", "abc"}, "   ab|ab   |ab|    a"},
      {"%x %X %o %b %c %q %U %#U", {255, 255, 8, 5, 65, 65, 0x1F600, 65}, "ff FF 10 101 A 'A' U+1F600 U+0041 'A'"},
      {"%05d|%-8d|%+d|% d|%#x|%x", {42, 7, 7, 7, 255, -255}, "00042|7       |+7| 7|0xff|-ff"},
      {"%e %g %8.3f %.2f %v %G", {1234.5678, 0.0001, 3.14159, 1.5, 1234567.0, 1e21}, "1.234568e+03 0.0001    3.142 1.50 1.234567e+06 1E+21"},
      {"%08.3f|%+.1e|%x|%t", {-3.5, 0.00012, "hi", false}, "-003.500|+1.2e-04|6869|false"},
      {"%d|%s|%d", {"x", 1, true}, "%!d(string=x)|%!s(int=1)|%!d(bool=true)"},
      {"%s %v|%d", {nullptr, nullptr, Json::array({1, "two"})}, "%!s(<nil>) <nil>|[1 %!d(string=two)]"},
      {"%s", {}, "%!s(MISSING)"},
      {"%s", {1, 2, nullptr}, "%!s(int=1)%!(EXTRA int=2, <nil>)"},
      {"%z|%%|%", {1}, "%!z(int=1)|%|%!(NOVERB)"},
      {"%[2]d %[1]d|%*d|%.*f", {1, 2}, "2 1|%!d(MISSING)|%!(BADPREC)%!f(MISSING)"},
      {"%[3]d|%[0]d|%[x]d|%*d", {1, 2}, "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)|2"},
      {"%*d|%.*f", {5, 1, 2, 3.14159}, "    1|3.14"},
      {"%s", {Json::parse(R"({"a":"q","z":1})")}, "map[a:q z:%!s(int=1)]"},
  };
  for (auto& c : cases) EXPECT_EQ(go_sprintf(c.fmt, c.args), c.want) << c.fmt;
}

}  // namespace strata::format
