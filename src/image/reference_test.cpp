#include "image/reference.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace strata::image {

TEST(Reference, DefaultsTagToLatest) {
  auto r = parse_reference("busybox");
  EXPECT_EQ(r.repository, "busybox");
  EXPECT_EQ(r.tag, "latest");
  EXPECT_EQ(r.str(), "busybox:latest");
}

TEST(Reference, KeepsRegistryPortAndTag) {
  auto r = parse_reference("localhost:5000/team/app:v2.1");
  EXPECT_EQ(r.repository, "localhost:5000/team/app");
  EXPECT_EQ(r.tag, "v2.1");
  EXPECT_EQ(parse_reference("localhost:5000/app").tag, "latest");
}

TEST(Reference, RejectsBadInputWithDockerText) {
  struct Case { const char* in; const char* msg; };
  for (auto c : {Case{"Busybox", "invalid reference format: repository name must be lowercase"},
                 Case{"bad name", "invalid reference format"}, Case{"a:", "invalid reference format"},
                 Case{"", "invalid reference format"}, Case{"x:-bad", "invalid reference format"},
                 Case{"a//b", "invalid reference format"}}) {
    try {
      parse_reference(c.in);
      ADD_FAILURE() << c.in;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::invalid_argument) << c.in;
      EXPECT_EQ(std::string(e.what()), c.msg) << c.in;
    }
  }
}

TEST(Reference, FollowsTheDistributionGrammar) {
  for (const char* ok : {"a", "a.b", "a_b", "a__b", "a-b", "a---b", "a.b_c__d-e", "team/app", "0x/9",
                         "registry.example.com/app", "my-reg.io:5000/a/b", "Host/app", "x:v1.0_RC-2", "x:_t",
                         "localhost/a"})
    EXPECT_NO_THROW(parse_reference(ok)) << ok;
  std::string long_tag(128, 't');
  EXPECT_NO_THROW(parse_reference("x:" + long_tag));
  for (const char* no : {"-a", "a-", ".a", "a.", "a..b", "a___b", "a._b", "a/-b", "a/b/", "/a", "x:.t", "x:t!",
                         "-reg.io/a", "reg-.io/a", "reg..io/a", "reg.io:/a", "reg.io:50a/a", "reg.io:1:2/a"})
    EXPECT_THROW(parse_reference(no), Error) << no;
  EXPECT_THROW(parse_reference("x:" + long_tag + "t"), Error);
}

TEST(Reference, IdPrefixes) {
  EXPECT_TRUE(looks_like_id("3a4f0c2b"));
  EXPECT_TRUE(looks_like_id("sha256:3a4f"));
  EXPECT_FALSE(looks_like_id("busybox"));
  EXPECT_FALSE(looks_like_id(""));
}

}  // namespace strata::image
