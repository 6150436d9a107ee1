// The mount points of each container, in the metadata store (table mount_points, one row
// per mount, removed with the container by ON DELETE CASCADE). A row naming a volume
// references it (FOREIGN KEY), so a volume in use cannot be deleted even by mistake.
#pragma once
#include <string>
#include <vector>

#include "mounts/mount_point.h"

namespace strata::store {
class Db;
}

namespace strata::mounts {

class MountPointStore {
 public:
  explicit MountPointStore(store::Db& db) : db_(db) {}

  // Call inside the transaction that inserts the container.
  void insert(const std::string& container_id, const std::vector<MountPoint>& points);
  // In the order they were given (not the mounting order).
  std::vector<MountPoint> list(const std::string& container_id) const;

 private:
  store::Db& db_;
};

}  // namespace strata::mounts
