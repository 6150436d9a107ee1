#include "build/cache.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/fs.h"
#include "common/id.h"

namespace strata::build {

std::string BuildCache::key(const std::string& parent_id, const std::string& step) {
  return sha256_digest(parent_id + "\n" + step).substr(7);
}

std::optional<CachedStep> BuildCache::get(const std::string& key) const {
  std::string text;
  try {
    text = fs::read_file(dir_ / (key + ".json"));
  } catch (const Error&) {
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("config") || !j["config"].is_string()) return std::nullopt;
  return CachedStep{j["config"].get<std::string>(), j.value("top_layer", "")};
}

void BuildCache::put(const std::string& key, const CachedStep& step) {
  std::filesystem::create_directories(dir_);
  nlohmann::json j = {{"config", step.config}, {"top_layer", step.top_layer}};
  fs::write_file_atomic(dir_ / (key + ".json"), j.dump(), false);  // lost on a crash: just a miss
}

void BuildCache::drop(const std::string& key) {
  std::error_code ec;
  std::filesystem::remove(dir_ / (key + ".json"), ec);
}

}  // namespace strata::build
