// Docker's label filters (moby's filters.MatchKVList): "key" needs the key, "key=value" the pair.
// One rule for ps, container prune, volume ls and volume prune.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace strata {

inline bool labels_match(const nlohmann::ordered_json& labels, const std::string& want) {
  size_t eq = want.find('=');
  auto it = labels.is_object() ? labels.find(want.substr(0, eq)) : labels.end();
  if (!labels.is_object() || it == labels.end()) return false;
  return eq == std::string::npos || (it->is_string() && it->get<std::string>() == want.substr(eq + 1));
}

}  // namespace strata
