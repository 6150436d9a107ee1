#include "build/dockerignore.h"

#include <gtest/gtest.h>

namespace strata::build {

TEST(DockerIgnore, PatternsExceptionsAndParents) {
  IgnoreRules r("# comment\n*.log\n/build\n**/tmp\n!keep.log\nsecret?\ndocs/**/*.md\n");
  EXPECT_TRUE(r.excluded("a.log"));
  EXPECT_FALSE(r.excluded("keep.log"));
  EXPECT_FALSE(r.excluded("sub/a.log"));     // "*" does not cross "/"
  EXPECT_TRUE(r.excluded("build"));
  EXPECT_TRUE(r.excluded("build/x/y.c"));    // a matching parent excludes what is below it
  EXPECT_TRUE(r.excluded("tmp"));
  EXPECT_TRUE(r.excluded("a/b/tmp/c"));
  EXPECT_TRUE(r.excluded("secret1"));
  EXPECT_FALSE(r.excluded("secret12"));
  EXPECT_TRUE(r.excluded("docs/a/b/c.md"));
  EXPECT_TRUE(r.excluded("docs/c.md"));
  EXPECT_FALSE(r.excluded("docs/c.txt"));
  EXPECT_TRUE(r.has_exceptions());
}

TEST(DockerIgnore, LastMatchWins) {
  IgnoreRules r("dir\n!dir/keep\n");
  EXPECT_TRUE(r.excluded("dir/other"));
  EXPECT_FALSE(r.excluded("dir/keep"));
  EXPECT_FALSE(r.excluded("dir/keep/inner"));
  EXPECT_FALSE(IgnoreRules("").excluded("anything"));
}

}  // namespace strata::build
