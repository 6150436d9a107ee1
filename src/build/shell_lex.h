// Docker's variable substitution for Dockerfile words (its shell lexer): $VAR, ${VAR},
// ${VAR:-default}, ${VAR:+alternative}; single quotes literal, double quotes expanded, the escape
// character quoting the next one. Used by FROM, ENV, LABEL, ARG, COPY, ADD, WORKDIR, USER,
// VOLUME, EXPOSE, STOPSIGNAL; RUN, CMD and ENTRYPOINT are left to the shell.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace strata::build {

using Lookup = std::function<std::optional<std::string>(const std::string&)>;

// One word: quotes removed, variables replaced, no splitting ("a b" stays one word).
// Throws Errc::invalid_argument for a bad substitution or an unterminated quote.
std::string process_word(const std::string& word, const Lookup& env, char escape = '\\');

// Several words: as process_word, then split on blanks outside quotes (an expansion's blanks
// split too, like Docker's ProcessWords).
std::vector<std::string> process_words(const std::string& text, const Lookup& env, char escape = '\\');

}  // namespace strata::build
