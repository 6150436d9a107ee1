#include "format/json.h"

#include <gtest/gtest.h>

namespace strata::format {

using nlohmann::ordered_json;

TEST(Json, CompactKeepsKeyOrderAndGoNumbers) {
  auto v = ordered_json::parse(R"({"z":1,"a":[1.5,1e21,1e20,1e-7,-3,true,null],"e":{},"ea":[]})");
  EXPECT_EQ(json_compact(v), R"({"z":1,"a":[1.5,1e+21,100000000000000000000,1e-7,-3,true,null],"e":{},"ea":[]})");
}

TEST(Json, StringEscaping) {
  const struct {
    std::string in;
    bool html;
    const char* want;
  } cases[] = {
      {"a<b>&c", false, R"("a<b>&c")"},
      {"a<b>&c", true, R"("a\u003cb\u003e\u0026c")"},
      {"q\"\\/", false, R"("q\"\\/")"},
      {"\b\f\n\r\t\x01\x1f\x7f", false, "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\""},
      {"\u2028\u2029é", false, "\"\\u2028\\u2029é\""},
      {"a\xff", false, R"("a\ufffd")"},
  };
  for (auto& c : cases) EXPECT_EQ(json_string(c.in, c.html), c.want) << c.in;
}

TEST(Json, IndentLikeMarshalIndent) {
  auto v = ordered_json::parse(R"([{"Name":"t1","Metadata":{},"Tags":[],"Cmd":["sh","-c","a && b"],"X":{"k":1}}])");
  EXPECT_EQ(json_indent(v),
            "[\n"
            "    {\n"
            "        \"Name\": \"t1\",\n"
            "        \"Metadata\": {},\n"
            "        \"Tags\": [],\n"
            "        \"Cmd\": [\n"
            "            \"sh\",\n"
            "            \"-c\",\n"
            "            \"a \\u0026\\u0026 b\"\n"
            "        ],\n"
            "        \"X\": {\n"
            "            \"k\": 1\n"
            "        }\n"
            "    }\n"
            "]");
  EXPECT_EQ(json_indent(ordered_json::array()), "[]");
  EXPECT_EQ(json_indent(ordered_json::object(), false), "{}");
  EXPECT_EQ(json_indent("a&b", false), R"("a&b")");
}

}  // namespace strata::format
