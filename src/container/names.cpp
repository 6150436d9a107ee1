#include "container/names.h"

#include <regex>

#include "common/error.h"
#include "common/id.h"

namespace strata::container {

std::string validate_name(const std::string& name) {
  static const std::regex valid("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
  if (!std::regex_match(name, valid))
    throw Error(Errc::invalid_argument,
                "Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
  return name[0] == '/' ? name.substr(1) : name;
}

std::string random_name() {
  static const char* const left[] = {"admiring", "bold",    "brave",    "clever",  "dazzling", "eager",
                                     "elegant",  "festive", "focused",  "gallant", "happy",    "jolly",
                                     "keen",     "loving",  "modest",   "nifty",   "quirky",   "serene",
                                     "sharp",    "stoic",   "tender",   "vibrant", "wizardly", "zealous"};
  static const char* const right[] = {"albattani", "bardeen", "curie",    "darwin", "einstein", "feynman",
                                      "galileo",   "hopper",  "hypatia",  "kepler", "lamport",  "lovelace",
                                      "mccarthy",  "noether", "pasteur",  "ritchie", "shannon", "thompson",
                                      "torvalds",  "turing",  "wozniak",  "yalow"};
  auto r = random_hex(4);
  unsigned long v = std::stoul(r, nullptr, 16);
  return std::string(left[v % std::size(left)]) + "_" + right[(v / std::size(left)) % std::size(right)];
}

}  // namespace strata::container
