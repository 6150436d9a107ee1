// Volumes in the metadata store (table volumes), and who uses them: the mount_points rows
// naming a volume (written by the container service with each container).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "volume/volume.h"

namespace strata::store {
class Db;
}

namespace strata::volume {

class VolumeStore {
 public:
  VolumeStore(store::Db& db, std::filesystem::path volumes_dir) : db_(db), dir_(std::move(volumes_dir)) {}

  std::optional<Volume> find(const std::string& name) const;
  // All volumes, each with ref_count set, in natural name order.
  std::vector<Volume> list() const;
  void insert(const Volume& v);
  void remove(const std::string& name);
  // IDs of the containers (any state) with a mount point on the volume, sorted.
  std::vector<std::string> users(const std::string& name) const;
  std::filesystem::path dir(const std::string& name) const { return dir_ / name; }

 private:
  store::Db& db_;
  std::filesystem::path dir_;
};

}  // namespace strata::volume
