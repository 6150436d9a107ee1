#include "format/table.h"

#include <gtest/gtest.h>

namespace strata::format {

// Expected output captured from docker 28 `docker context ls --format 'table ...'`.
TEST(Table, RenderTableLikeDocker) {
  EXPECT_EQ(render_table({{"NAME", "DESCRIPTION", "DOCKER ENDPOINT"},
                          {"averyveryverylongcontextname", "ünïcödé desc", "unix:///y"},
                          {"default", "Current DOCKER_HOST based configuration", "unix:///var/run/docker.sock"},
                          {"t1", "d", "unix:///x"}}),
            "NAME                           DESCRIPTION                               DOCKER ENDPOINT\n"
            "averyveryverylongcontextname   ünïcödé desc                              unix:///y\n"
            "default                        Current DOCKER_HOST based configuration   unix:///var/run/docker.sock\n"
            "t1                             d                                         unix:///x\n");
}

TEST(Table, MinimumWidthAndUnpaddedLastColumn) {
  EXPECT_EQ(render_table({{"ID", "X"}, {"a", "longer value"}}), "ID        X\na         longer value\n");
  EXPECT_EQ(render_table({{"ONLY"}, {"one"}}), "ONLY\none\n");
  EXPECT_EQ(render_table({}), "");
}

TEST(Table, ColumnBlocksFollowGoTabwriter) {
  // A line with fewer cells ends the block of the columns it lacks.
  EXPECT_EQ(tabwrite("NAME\tx\ty\nlongcontextname\tx\ty\ndefault\t\nt1\tx\ty\n"),
            "NAME              x         y\n"
            "longcontextname   x         y\n"
            "default           \n"
            "t1                x         y\n");
  // A trailing tab pads the last real cell; an unterminated last line has no newline.
  EXPECT_EQ(tabwrite("NAME\t<no value>\t\nab\tfalse\t\ntail"),
            "NAME      <no value>   \nab        false        \ntail");
  EXPECT_EQ(tabwrite("a\tb\n\nc\td\n", 0, 1), "a b\n\nc d\n");
}

TEST(Table, ExpandEscapes) {
  EXPECT_EQ(expand_escapes(R"({{.ID}}\t{{.Name}}\n)"), "{{.ID}}\t{{.Name}}\n");
  EXPECT_EQ(expand_escapes(R"(a\\tb\x)"), "a\\\tb\\x");
  EXPECT_EQ(expand_escapes("\\"), "\\");
}

TEST(Table, PrepareFormat) {
  EXPECT_EQ(prepare_format(R"(table {{.ID}}\t{{.Image}})"), "{{.ID}}\t{{.Image}}");
  EXPECT_EQ(prepare_format(R"(table   {{.ID}}\t  )"), "{{.ID}}\t");
  EXPECT_EQ(prepare_format(R"(  {{.ID}}\n )"), "{{.ID}}\n");
  EXPECT_EQ(prepare_format("table"), "");
}

}  // namespace strata::format
