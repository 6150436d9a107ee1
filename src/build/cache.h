// The build cache: what a step made (its image config and top layer), keyed by the image it ran
// on plus the step as it ran (the instruction with its variables replaced, the build args a RUN
// sees, and a digest of the files a COPY or ADD reads). One small JSON file per key under
// <root>/builder/cache; a hit whose layer is gone is a miss.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace strata::build {

struct CachedStep {
  std::string config;     // the image config, byte for byte (so the image ID is the same)
  std::string top_layer;  // chain ID, "" for none
};

class BuildCache {
 public:
  explicit BuildCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // sha256 of parent image ID and the step's description.
  static std::string key(const std::string& parent_id, const std::string& step);
  std::optional<CachedStep> get(const std::string& key) const;
  void put(const std::string& key, const CachedStep& step);
  void drop(const std::string& key);

 private:
  std::filesystem::path dir_;
};

}  // namespace strata::build
