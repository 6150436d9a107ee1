// Docker's management-command forms (`container ls`, `image rm`, …) as the top-level commands
// they name, so both spellings reach one handler.
#pragma once
#include <string>
#include <vector>

namespace strata::cli {

// argv without argv[0]; returns it with "container X"/"image X" replaced where X is an alias.
std::vector<std::string> expand_aliases(std::vector<std::string> args);

}  // namespace strata::cli
