#include "build/dockerfile_rules.h"

#include <map>
#include <set>

#include "common/error.h"

namespace strata::build {

namespace {
[[noreturn]] void parse_error(const Instruction& in, const std::string& why) {
  throw Error(Errc::invalid_argument, "dockerfile parse error line " + std::to_string(in.line) + ": " + why);
}

// Flags each instruction takes (the legacy builder's).
const std::map<std::string, std::set<std::string>>& known() {
  static const std::map<std::string, std::set<std::string>> k = {
      {"FROM", {"platform"}}, {"RUN", {}}, {"CMD", {}}, {"ENTRYPOINT", {}}, {"COPY", {"chown", "from"}},
      {"ADD", {"chown"}}, {"ENV", {}}, {"ARG", {}}, {"WORKDIR", {}}, {"USER", {}}, {"VOLUME", {}},
      {"LABEL", {}}, {"EXPOSE", {}}, {"STOPSIGNAL", {}}, {"MAINTAINER", {}}, {"SHELL", {}},
      {"ONBUILD", {}}, {"HEALTHCHECK", {"interval", "timeout", "start-period", "retries"}}};
  return k;
}
}  // namespace

std::vector<std::string> raw_words(const std::string& rest, char escape) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false, blank_ok = false;
  char quote = 0;
  auto end_word = [&] {
    if (blank_ok || !word.empty()) words.push_back(word);
    word.clear();
    in_word = blank_ok = false;
  };
  for (size_t pos = 0; pos < rest.size(); ++pos) {
    char ch = rest[pos];
    if (quote) {
      if (ch == quote) quote = 0;
      if (ch == escape && quote != '\'') {
        if (pos + 1 == rest.size()) continue;
        word += ch;
        ch = rest[++pos];
      }
      word += ch;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\n') {
      if (in_word) end_word();
      continue;
    }
    in_word = true;
    if (ch == '\'' || ch == '"') quote = ch, blank_ok = true;
    if (ch == escape) {
      if (pos + 1 == rest.size()) continue;
      word += ch;
      ch = rest[++pos];
    }
    word += ch;
  }
  if (in_word) end_word();
  return words;
}

std::vector<std::pair<std::string, std::string>> name_values(const Instruction& in, char escape) {
  std::vector<std::pair<std::string, std::string>> out;
  auto words = raw_words(in.args, escape);
  if (words.empty()) return out;
  if (words[0].find('=') == std::string::npos) {
    size_t sp = in.args.find_first_of(" \t");
    size_t v = sp == std::string::npos ? sp : in.args.find_first_not_of(" \t", sp);
    if (v == std::string::npos)
      throw Error(Errc::invalid_argument, "failed to parse Dockerfile: " + in.cmd + " must have two arguments");
    out.emplace_back(in.args.substr(0, sp), in.args.substr(v));
    return out;
  }
  for (auto& w : words) {
    size_t eq = w.find('=');
    if (eq == std::string::npos)
      throw Error(Errc::invalid_argument, "failed to parse Dockerfile: Syntax error - can't find = in \"" + w +
                                              "\". Must be of the form: name=value");
    out.emplace_back(w.substr(0, eq), w.substr(eq + 1));
  }
  return out;
}

void check_instruction(const Instruction& in) {
  auto k = known().find(in.cmd);
  if (k == known().end()) parse_error(in, "unknown instruction: " + in.cmd);
  for (auto& [name, value] : in.flags)
    if (!k->second.count(name)) parse_error(in, "Unknown flag: " + name);
  const std::string& c = in.cmd;
  size_t n = in.json ? in.json_args.size() : raw_words(in.args).size();
  if (c == "FROM" && n != 1 && n != 3) parse_error(in, "FROM requires either one or three arguments");
  if ((c == "ENV" || c == "LABEL" || c == "ARG" || c == "EXPOSE" || c == "VOLUME") && n == 0)
    parse_error(in, c + " requires at least one argument");
  if ((c == "WORKDIR" || c == "USER" || c == "STOPSIGNAL" || c == "MAINTAINER") && in.args.empty())
    parse_error(in, c + " requires exactly one argument");
  if ((c == "COPY" || c == "ADD") && n < 2)
    parse_error(in, c + " requires at least two arguments, but only one was provided. Destination could not be determined");
  if (c == "SHELL" && !in.json) parse_error(in, "SHELL requires the arguments to be in JSON form");
  if (c == "ONBUILD" || c == "HEALTHCHECK") parse_error(in, c + " is not supported by strata build");
  if (c == "ENV" || c == "LABEL") name_values(in);
}

}  // namespace strata::build
