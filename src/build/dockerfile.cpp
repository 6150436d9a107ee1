#include "build/dockerfile.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "build/dockerfile_rules.h"
#include "common/error.h"

namespace strata::build {

namespace {

std::string trim_left(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b);
}
std::string trim(const std::string& s) {
  std::string t = trim_left(s);
  size_t e = t.find_last_not_of(" \t");
  return e == std::string::npos ? "" : t.substr(0, e + 1);
}
bool is_comment(const std::string& line) { return trim_left(line).starts_with("#"); }

// "# escape=`" style directives, only at the very top.
size_t read_directives(const std::vector<std::string>& lines, char& escape) {
  size_t i = 0;
  for (; i < lines.size(); ++i) {
    std::string t = trim(lines[i]);
    if (!t.starts_with("#")) break;
    std::string body = trim(t.substr(1));
    size_t eq = body.find('=');
    if (eq == std::string::npos) break;
    std::string key = trim(body.substr(0, eq)), value = trim(body.substr(eq + 1));
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    if (key == "escape") {
      if (value != "\\" && value != "`") throw Error(Errc::invalid_argument, "invalid ESCAPE '" + value + "'. Must be ` or \\");
      escape = value[0];
    } else if (key != "syntax") {
      break;
    }
  }
  return i;
}

// Strips a trailing escape (and blanks after it); true if there was one.
bool strip_continuation(std::string& line, char escape) {
  size_t e = line.find_last_not_of(" \t");
  if (e == std::string::npos || line[e] != escape) return false;
  line.erase(e);
  return true;
}

void split_flags(Instruction& in, std::string rest) {
  for (;;) {
    rest = trim_left(rest);
    if (!rest.starts_with("--")) break;
    size_t end = rest.find_first_of(" \t");
    std::string word = rest.substr(0, end);
    rest = end == std::string::npos ? "" : rest.substr(end);
    if (word == "--") break;
    size_t eq = word.find('=');
    in.flags.emplace_back(word.substr(2, eq == std::string::npos ? std::string::npos : eq - 2),
                          eq == std::string::npos ? "" : word.substr(eq + 1));
  }
  in.args = trim(rest);
  if (in.args.starts_with("[")) {
    auto j = nlohmann::json::parse(in.args, nullptr, false);
    if (j.is_array() && std::all_of(j.begin(), j.end(), [](auto& e) { return e.is_string(); })) {
      in.json = true;
      in.json_args = j.get<std::vector<std::string>>();
    }
  }
}

}  // namespace

std::string flag(const Instruction& in, const std::string& name, bool* present) {
  if (present) *present = false;
  for (auto& [k, v] : in.flags)
    if (k == name) {
      if (present) *present = true;
      return v;
    }
  return "";
}

Dockerfile parse_dockerfile(std::string_view text, const std::string& name) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw Error(Errc::invalid_argument, "the Dockerfile (" + name + ") cannot be empty");
  std::vector<std::string> lines;
  for (size_t i = 0; i <= text.size();) {
    size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string l(text.substr(i, j - i));
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
    i = j + 1;
  }
  Dockerfile df;
  for (size_t i = read_directives(lines, df.escape); i < lines.size(); ++i) {
    if (trim(lines[i]).empty() || is_comment(lines[i])) continue;
    Instruction in;
    in.line = static_cast<int>(i + 1);
    std::string joined = trim_left(lines[i]);
    while (strip_continuation(joined, df.escape)) {
      // The next line that is neither blank nor a comment continues this one.
      while (++i < lines.size() && (is_comment(lines[i]) || trim(lines[i]).empty())) {
      }
      if (i >= lines.size()) break;
      joined += lines[i];
    }
    in.original = trim(joined);
    size_t sp = in.original.find_first_of(" \t");
    in.cmd = in.original.substr(0, sp);
    std::transform(in.cmd.begin(), in.cmd.end(), in.cmd.begin(), ::toupper);
    split_flags(in, sp == std::string::npos ? "" : in.original.substr(sp));
    check_instruction(in);
    if (df.instructions.empty() && in.cmd == "ARG") df.meta_args.push_back(std::move(in));
    else df.instructions.push_back(std::move(in));
  }
  if (df.instructions.empty() && df.meta_args.empty())
    throw Error(Errc::invalid_argument, "failed to parse Dockerfile: file with no instructions");
  if (df.instructions.empty() || df.instructions[0].cmd != "FROM")
    throw Error(Errc::invalid_argument, "no build stage in current context");
  for (size_t k = 1; k < df.instructions.size(); ++k)
    if (df.instructions[k].cmd == "FROM")
      throw Error(Errc::invalid_argument, "dockerfile parse error line " + std::to_string(df.instructions[k].line) +
                                              ": multi-stage builds are not supported by strata build");
  return df;
}

}  // namespace strata::build
