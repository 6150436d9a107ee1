// .dockerignore: Docker's patterns (Go filepath.Match plus "**", "!" exceptions, last match
// wins, a pattern matching a parent directory excludes what is below it).
#pragma once
#include <regex>
#include <string>
#include <vector>

namespace strata::build {

class IgnoreRules {
 public:
  IgnoreRules() = default;
  // The file's text: one pattern a line, "#" comments, blank lines ignored.
  explicit IgnoreRules(const std::string& text);

  // `rel`: a clean path relative to the context root ("a/b.txt").
  bool excluded(const std::string& rel) const;
  // True if some "!" pattern exists, so an excluded directory may still hold included files.
  bool has_exceptions() const { return exceptions_; }
  bool empty() const { return patterns_.empty(); }

 private:
  struct Pattern {
    std::string text;
    std::regex re;
    bool exclusion;  // a "!" pattern
  };
  std::vector<Pattern> patterns_;
  bool exceptions_ = false;
};

}  // namespace strata::build
