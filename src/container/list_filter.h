// What `ps` shows: -a, -n, -l and --filter by Docker's rules (moby daemon/list.go): id, name,
// label, exited, status, ancestor, before, since, volume. A status filter lists stopped
// containers too; -n and -l imply -a. Unknown keys and values fail as Docker's do.
#pragma once
#include <string>
#include <vector>

namespace strata::container {

struct ListOptions {
  bool all = false;
  int last = -1;        // -n: the N newest, -1 for no limit
  bool latest = false;  // -l: the newest
  std::vector<std::string> filters;  // "key=value" as typed
};

}  // namespace strata::container
