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

TEST(Reference, IdPrefixes) {
  EXPECT_TRUE(looks_like_id("3a4f0c2b"));
  EXPECT_TRUE(looks_like_id("sha256:3a4f"));
  EXPECT_FALSE(looks_like_id("busybox"));
  EXPECT_FALSE(looks_like_id(""));
}

}  // namespace strata::image
