// What each instruction accepts, as Docker's parser checks it, and its word-level helpers.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "build/dockerfile.h"

namespace strata::build {

// Throws Errc::invalid_argument with Docker's text for an unknown instruction, an unknown flag,
// or a wrong number of arguments.
void check_instruction(const Instruction& in);

// Docker's parseWords: splits on blanks outside quotes, keeping quotes and escapes in the words.
std::vector<std::string> raw_words(const std::string& text, char escape = '\\');

// ENV / LABEL arguments: "k=v k2=v2" or the old "k some value" form, as raw (unexpanded) pairs.
// Throws "failed to parse Dockerfile: ENV must have two arguments" and the like.
std::vector<std::pair<std::string, std::string>> name_values(const Instruction& in, char escape = '\\');

}  // namespace strata::build
