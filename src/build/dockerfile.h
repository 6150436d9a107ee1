// Dockerfile -> instructions, as Docker's parser reads it: `# escape=` directive, comments,
// line continuations, case-insensitive keywords, `--flag=value` options, JSON (exec) form.
// Checks the argument counts Docker checks at parse time, so a bad Dockerfile fails before any
// step runs.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace strata::build {

struct Instruction {
  std::string cmd;       // upper case: "FROM", "RUN", "COPY", …
  std::string args;      // the text after the keyword and flags, continuations joined
  std::vector<std::pair<std::string, std::string>> flags;  // "--chown=1:2" -> {"chown", "1:2"}
  bool json = false;     // args was a JSON array of strings …
  std::vector<std::string> json_args;  // … holding these
  std::string original;  // the whole instruction as written (what "Step N/M : …" shows)
  int line = 0;          // where it starts, 1-based
};

struct Dockerfile {
  char escape = '\\';
  std::vector<Instruction> meta_args;     // ARGs before the first FROM
  std::vector<Instruction> instructions;  // FROM and everything after it
};

// Throws Errc::invalid_argument "dockerfile parse error line N: …" (Docker's texts), or
// "the Dockerfile (NAME) cannot be empty", or "no build stage in current context".
Dockerfile parse_dockerfile(std::string_view text, const std::string& name = "Dockerfile");

// The flag's value, or "" (and *present = false) when not given.
std::string flag(const Instruction& in, const std::string& name, bool* present = nullptr);

}  // namespace strata::build
