#include "build/shell_lex.h"

#include <cctype>

#include "common/error.h"

namespace strata::build {

namespace {

[[noreturn]] void syntax(const std::string& why) { throw Error(Errc::invalid_argument, why); }
bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Collects the result and, for process_words, the words (expansions split, quoted text not).
struct Words {
  std::string word;
  std::vector<std::string> words;
  bool in_word = false;
  void raw_char(char c) { word += c, in_word = true; }
  void add_char(char c) {
    if (!blank(c)) return raw_char(c);
    if (in_word && !word.empty()) words.push_back(word), word.clear(), in_word = false;
  }
  void add_string(const std::string& s) {
    for (char c : s) add_char(c);
  }
  void raw_string(const std::string& s) { word += s, in_word = true; }
  std::vector<std::string> finish() {
    if (!word.empty()) words.push_back(word), word.clear();
    return words;
  }
};

class Lexer {
 public:
  Lexer(const std::string& s, const Lookup& env, char escape) : s_(s), env_(env), esc_(escape) {}

  // Reads until `stop` (consumed) or the end.
  std::string run(char stop, Words* w) {
    std::string out;
    while (i_ < s_.size()) {
      char ch = s_[i_];
      if (stop && ch == stop) {
        ++i_;
        return out;
      }
      if (ch == '\'' || ch == '"' || ch == '$') {
        std::string t = ch == '\'' ? single() : ch == '"' ? dbl() : dollar();
        out += t;
        if (w) ch == '$' ? w->add_string(t) : w->raw_string(t);
        continue;
      }
      ++i_;
      if (ch == esc_) {
        if (i_ >= s_.size()) break;
        ch = s_[i_++];
        if (w) w->raw_char(ch);
      } else if (w) {
        w->add_char(ch);
      }
      out += ch;
    }
    if (stop) syntax("syntax error: missing '}'");
    return out;
  }

 private:
  std::string single() {
    size_t end = s_.find('\'', ++i_);
    if (end == std::string::npos) syntax("unexpected end of statement while looking for matching single-quote");
    std::string out = s_.substr(i_, end - i_);
    i_ = end + 1;
    return out;
  }

  std::string dbl() {
    std::string out;
    ++i_;
    for (;;) {
      if (i_ >= s_.size()) syntax("unexpected end of statement while looking for matching double-quote");
      char ch = s_[i_];
      if (ch == '"') {
        ++i_;
        return out;
      }
      if (ch == '$') {
        out += dollar();
        continue;
      }
      ++i_;
      if (ch == esc_) {
        if (i_ >= s_.size()) continue;
        if (s_[i_] == '"' || s_[i_] == '$' || s_[i_] == esc_) ch = s_[i_++];
      }
      out += ch;
    }
  }

  std::string name() {
    std::string n;
    if (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) n += s_[i_++];
      return n;
    }
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) n += s_[i_++];
    return n;
  }

  std::string dollar() {
    ++i_;
    if (i_ >= s_.size() || s_[i_] != '{') {
      std::string n = name();
      return n.empty() ? "$" : env_(n).value_or("");
    }
    ++i_;
    if (i_ >= s_.size()) syntax("syntax error: missing '}'");
    if (s_[i_] == '{' || s_[i_] == '}' || s_[i_] == ':') syntax("syntax error: bad substitution");
    std::string n = name();
    if (i_ >= s_.size()) syntax("syntax error: missing '}'");
    char ch = s_[i_++];
    if (ch == '}') return env_(n).value_or("");
    if (ch != ':') syntax("missing ':' in substitution");
    if (i_ >= s_.size()) syntax("syntax error: missing '}'");
    char mod = s_[i_++];
    std::string word = run('}', nullptr);
    std::string value = env_(n).value_or("");
    if (mod == '+') return value.empty() ? value : word;
    if (mod == '-') return value.empty() ? word : value;
    syntax(std::string("unsupported modifier (") + mod + ") in substitution");
  }

  const std::string& s_;
  const Lookup& env_;
  char esc_;
  size_t i_ = 0;
};

}  // namespace

std::string process_word(const std::string& word, const Lookup& env, char escape) {
  return Lexer(word, env, escape).run(0, nullptr);
}

std::vector<std::string> process_words(const std::string& text, const Lookup& env, char escape) {
  Words w;
  Lexer(text, env, escape).run(0, &w);
  return w.finish();
}

}  // namespace strata::build
