#include "container/names.h"

#include <regex>

#include "common/error.h"
#include "common/id.h"
#include "container/service.h"
#include "store/db.h"

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

std::string ContainerService::rename(const std::string& ref, const std::string& new_name) {
  if (ref.empty() || new_name.empty()) throw Error(Errc::invalid_argument, "Neither old nor new names may be empty");
  std::string id;
  d_.db.transaction([&] {
    Container c = store_.get(ref);  // Docker looks the container up before it checks the name
    std::string name = validate_name(new_name);
    if (c.name == name) throw Error(Errc::invalid_argument, "Renaming a container with the same name as its current name");
    store_.rename(c.id, name);
    id = c.id;
  });
  return id;
}

}  // namespace strata::container
