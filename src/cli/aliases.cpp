#include "cli/aliases.h"

#include <map>

namespace strata::cli {

std::vector<std::string> expand_aliases(std::vector<std::string> args) {
  static const std::map<std::string, std::map<std::string, std::vector<std::string>>> groups = {
      {"container",
       {{"ls", {"ps"}}, {"list", {"ps"}}, {"ps", {"ps"}}, {"rm", {"rm"}}, {"remove", {"rm"}}, {"run", {"run"}},
        {"create", {"create"}}, {"start", {"start"}}, {"stop", {"stop"}}, {"restart", {"restart"}},
        {"kill", {"kill"}}, {"pause", {"pause"}}, {"unpause", {"unpause"}},
        {"top", {"top"}}, {"port", {"port"}}, {"wait", {"wait"}}, {"exec", {"exec"}}, {"logs", {"logs"}}, {"diff", {"diff"}},
        {"commit", {"commit"}}, {"export", {"export"}}, {"cp", {"cp"}}, {"rename", {"rename"}}, {"inspect", {"inspect", "--type", "container"}}}},
      {"image",
       {{"ls", {"images"}}, {"list", {"images"}}, {"rm", {"rmi"}}, {"remove", {"rmi"}}, {"tag", {"tag"}},
        {"import", {"import"}}, {"save", {"save"}}, {"load", {"load"}}, {"build", {"build"}}}},
      {"system", {{"info", {"info"}}}},
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--root" || a == "--runroot") {
      ++i;
      continue;
    }
    if (a.rfind("-", 0) == 0) continue;
    auto g = groups.find(a);
    if (g == groups.end() || i + 1 >= args.size()) break;
    auto sub = g->second.find(args[i + 1]);
    if (sub == g->second.end()) break;
    std::vector<std::string> out(args.begin(), args.begin() + static_cast<long>(i));
    out.insert(out.end(), sub->second.begin(), sub->second.end());
    out.insert(out.end(), args.begin() + static_cast<long>(i) + 2, args.end());
    return out;
  }
  return args;
}

}  // namespace strata::cli
