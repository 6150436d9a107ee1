// Tests of the shim's header-only pieces (the shim itself has no test target).
#include "shim/jsonlog.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "shim/protocol.h"

namespace strata {
namespace {

std::string esc(std::string_view s) {
  std::string out;
  jsonlog::escape(out, s);
  return out;
}

TEST(JsonLog, EscapesLikeDocker) {
  EXPECT_EQ(esc("a\"b\\c\n\r\t"), "a\\\"b\\\\c\\n\\r\\u0009");
  EXPECT_EQ(esc("<&>"), "\\u003c\\u0026\\u003e");
  EXPECT_EQ(esc(std::string("\x01\x1f", 2)), "\\u0001\\u001f");
  EXPECT_EQ(esc("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(esc("\xff" "a\xc3"), "\\ufffda\\ufffd");     // invalid and truncated UTF-8
  EXPECT_EQ(esc("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");  // a surrogate
  EXPECT_EQ(esc("\xe2\x80\xa8"), "\\u2028");
}

TEST(JsonLog, EntryIsOneValidJsonLine) {
  std::string line;
  std::string raw("x\"\x00\xff\n", 5);
  jsonlog::append_entry(line, raw, "stderr", "2026-01-02T03:04:05.000000006Z");
  ASSERT_EQ(line.back(), '\n');
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["log"], std::string("x\"\x00\xef\xbf\xbd\n", 7));
  EXPECT_EQ(j["stream"], "stderr");
  EXPECT_EQ(line.substr(0, 8), "{\"log\":\"");
}

TEST(JsonLog, TimeHasNineFractionDigits) {
  EXPECT_EQ(jsonlog::rfc3339nano(timespec{1795856462, 5}), "2026-11-28T09:01:02.000000005Z");
}

TEST(ShimProtocol, FramesRoundTrip) {
  std::string buf;
  shimproto::append_frame(buf, 'O', "hello");
  shimproto::append_frame(buf, 'X', "");
  EXPECT_EQ(buf.substr(0, 5), std::string("O\0\0\0\5", 5));
  char type;
  std::string_view payload;
  size_t used;
  bool bad;
  ASSERT_TRUE(shimproto::parse_frame(buf, type, payload, used, bad));
  EXPECT_EQ(type, 'O');
  EXPECT_EQ(payload, "hello");
  ASSERT_TRUE(shimproto::parse_frame(std::string_view(buf).substr(used), type, payload, used, bad));
  EXPECT_EQ(type, 'X');
  EXPECT_FALSE(shimproto::parse_frame(std::string_view(buf).substr(0, 7), type, payload, used, bad));
  EXPECT_FALSE(bad);
  EXPECT_FALSE(shimproto::parse_frame(std::string("I\xff\xff\xff\xff", 5), type, payload, used, bad));
  EXPECT_TRUE(bad);
  EXPECT_EQ(shimproto::resize_payload(0x0102, 0x0304), std::string("\1\2\3\4", 4));
}

}  // namespace
}  // namespace strata
