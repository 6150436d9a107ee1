#include "build/shell_lex.h"

#include <gtest/gtest.h>

#include <map>

#include "common/error.h"

namespace strata::build {

namespace {
const std::map<std::string, std::string> kEnv = {{"X", "a b"}, {"Y", "c"}, {"EMPTY", ""}};
std::optional<std::string> env(const std::string& n) {
  auto it = kEnv.find(n);
  return it == kEnv.end() ? std::nullopt : std::optional<std::string>(it->second);
}
}  // namespace

TEST(ShellLex, ProcessWordLikeDocker) {
  EXPECT_EQ(process_word("$X|${Y}|${Z:-def}|${X:+alt}|${EMPTY:-e}|${Y:+}", env), "a b|c|def|alt|e|");
  EXPECT_EQ(process_word("'$X' \"$X\" \\$X", env), "$X a b $X");
  EXPECT_EQ(process_word("\"a\\\"b\\c\"", env), "a\"b\\c");
  EXPECT_EQ(process_word("$ $1 100$", env), "$  100$");
  EXPECT_EQ(process_word("`$X", env, '`'), "$X");
}

TEST(ShellLex, ProcessWordsSplitsExpansionsNotQuotes) {
  EXPECT_EQ(process_words("a $X \"$X\" 'q r'", env), (std::vector<std::string>{"a", "a", "b", "a b", "q r"}));
  EXPECT_EQ(process_words("  /src  /dst/ ", env), (std::vector<std::string>{"/src", "/dst/"}));
}

TEST(ShellLex, Errors) {
  EXPECT_THROW(process_word("${X", env), Error);
  EXPECT_THROW(process_word("${:x}", env), Error);
  EXPECT_THROW(process_word("'open", env), Error);
  EXPECT_THROW(process_word("${X?x}", env), Error);
}

}  // namespace strata::build
