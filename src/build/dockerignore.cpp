#include "build/dockerignore.h"

#include "common/error.h"
#include "container/copy_paths.h"

namespace strata::build {

namespace {
std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// moby/patternmatcher's translation of a pattern to a regular expression.
std::regex compile(const std::string& p) {
  std::string re = "^";
  for (size_t i = 0; i < p.size(); ++i) {
    char ch = p[i];
    if (ch == '*') {
      if (i + 1 < p.size() && p[i + 1] == '*') {
        ++i;
        if (i + 1 < p.size() && p[i + 1] == '/') ++i;
        re += i + 1 == p.size() ? ".*" : "(.*/)?";
      } else {
        re += "[^/]*";
      }
    } else if (ch == '?') {
      re += "[^/]";
    } else if (std::string(".+()|{}$^").find(ch) != std::string::npos) {
      re += std::string("\\") + ch;
    } else if (ch == '\\') {
      re += i + 1 < p.size() ? std::string("\\") + p[++i] : "\\\\";
    } else {
      re += ch;
    }
  }
  try {
    return std::regex(re + "$");
  } catch (const std::regex_error&) {
    throw Error(Errc::invalid_argument, "syntax error in pattern " + p + " in .dockerignore");
  }
}
}  // namespace

IgnoreRules::IgnoreRules(const std::string& text) {
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    std::string line = trim(text.substr(i, j - i));
    i = j + 1;
    if (line.empty() || line[0] == '#') continue;
    bool exclusion = line[0] == '!';
    if (exclusion) {
      line = trim(line.substr(1));
      exceptions_ = true;
    }
    line = container::cp::clean(line);
    if (line.size() > 1 && line[0] == '/') line = line.substr(1);
    if (line == "/") line = ".";
    patterns_.push_back({line, compile(line), exclusion});
  }
}

bool IgnoreRules::excluded(const std::string& rel) const {
  bool matched = false;
  for (auto& p : patterns_) {
    if (p.exclusion != matched) continue;  // cannot change the outcome
    bool m = std::regex_match(rel, p.re);
    // A pattern that matches a parent directory matches what is below it.
    for (size_t slash = rel.find('/'); !m && slash != std::string::npos; slash = rel.find('/', slash + 1))
      m = std::regex_match(rel.substr(0, slash), p.re);
    if (m) matched = !p.exclusion;
  }
  return matched;
}

}  // namespace strata::build
