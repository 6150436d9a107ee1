#include "build/dockerfile.h"

#include <gtest/gtest.h>

#include "build/dockerfile_rules.h"
#include "common/error.h"

namespace strata::build {

namespace {
std::string parse_error(std::string_view text) {
  try {
    parse_dockerfile(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Dockerfile, ContinuationsCommentsFlagsAndJson) {
  auto df = parse_dockerfile(
      "# escape=\\\n"
      "ARG BASE=busybox\n"
      "from $BASE\n"
      "\n"
      "# a comment\n"
      "RUN echo a \\\n"
      "# inside\n"
      "  b\n"
      "COPY --chown=1:2 src /dst/\n"
      "CMD [\"sh\", \"-c\", \"echo hi\"]\n"
      "ENTRYPOINT [not json\n");
  ASSERT_EQ(df.meta_args.size(), 1u);
  ASSERT_EQ(df.instructions.size(), 5u);
  EXPECT_EQ(df.instructions[0].cmd, "FROM");
  EXPECT_EQ(df.instructions[0].original, "from $BASE");
  EXPECT_EQ(df.instructions[1].original, "RUN echo a   b");
  EXPECT_EQ(df.instructions[1].line, 6);
  EXPECT_EQ(df.instructions[2].args, "src /dst/");
  EXPECT_EQ(flag(df.instructions[2], "chown"), "1:2");
  EXPECT_TRUE(df.instructions[3].json);
  EXPECT_EQ(df.instructions[3].json_args, (std::vector<std::string>{"sh", "-c", "echo hi"}));
  EXPECT_FALSE(df.instructions[4].json);
}

TEST(Dockerfile, EscapeDirective) {
  auto df = parse_dockerfile("# escape=`\nFROM busybox\nRUN echo a `\n b\n");
  EXPECT_EQ(df.escape, '`');
  EXPECT_EQ(df.instructions[1].original, "RUN echo a  b");
}

TEST(Dockerfile, DockersParseErrors) {
  EXPECT_EQ(parse_error(""), "the Dockerfile (Dockerfile) cannot be empty");
  EXPECT_EQ(parse_error("# only a comment\n"), "failed to parse Dockerfile: file with no instructions");
  EXPECT_EQ(parse_error("RUN true\n"), "no build stage in current context");
  EXPECT_EQ(parse_error("FROM busybox\nFOO bar\n"), "dockerfile parse error line 2: unknown instruction: FOO");
  EXPECT_EQ(parse_error("FROM busybox\nENV\n"), "dockerfile parse error line 2: ENV requires at least one argument");
  EXPECT_EQ(parse_error("FROM busybox\nENV A\n"), "failed to parse Dockerfile: ENV must have two arguments");
  EXPECT_EQ(parse_error("FROM busybox\nWORKDIR\n"), "dockerfile parse error line 2: WORKDIR requires exactly one argument");
  EXPECT_EQ(parse_error("FROM busybox\nCOPY a\n"),
            "dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. "
            "Destination could not be determined");
  EXPECT_EQ(parse_error("FROM busybox\nCOPY --foo=1 a b\n"), "dockerfile parse error line 2: Unknown flag: foo");
  EXPECT_EQ(parse_error("FROM\n"), "dockerfile parse error line 1: FROM requires either one or three arguments");
}

TEST(Dockerfile, NameValues) {
  Instruction in;
  in.cmd = "ENV";
  in.args = "A=1 B=\"x y\" C=a\\ b";
  auto kv = name_values(in);
  ASSERT_EQ(kv.size(), 3u);
  EXPECT_EQ(kv[1], std::make_pair(std::string("B"), std::string("\"x y\"")));
  EXPECT_EQ(kv[2], std::make_pair(std::string("C"), std::string("a\\ b")));
  in.args = "OLD some value";
  kv = name_values(in);
  EXPECT_EQ(kv[0], std::make_pair(std::string("OLD"), std::string("some value")));
}

}  // namespace strata::build
