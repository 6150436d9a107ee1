// `info`: the engine's state as Docker's /info reports it (same keys), storage first: the driver
// and its backing filesystem, where the root is, how many containers and images there are.
#pragma once
#include <nlohmann/json.hpp>

namespace strata {

class Engine;

inline constexpr const char* kStrataVersion = "0.3.0";

nlohmann::ordered_json engine_info(Engine& engine);

}  // namespace strata
