#include "mounts/mount_point_store.h"

#include "store/db.h"

namespace strata::mounts {

void MountPointStore::insert(const std::string& id, const std::vector<MountPoint>& points) {
  int64_t pos = 0;
  for (auto& m : points) {
    auto st = db_.prepare("INSERT INTO mount_points(container_id, position, destination, volume, spec) VALUES(?,?,?,?,?)");
    st.bind(1, id).bind(2, pos++).bind(3, m.destination);
    if (m.type == Type::volume) st.bind(4, m.name);
    else st.bind_null(4);
    st.bind(5, to_json(m).dump()).run();
  }
}

std::vector<MountPoint> MountPointStore::list(const std::string& id) const {
  std::vector<MountPoint> out;
  auto st = db_.prepare("SELECT spec FROM mount_points WHERE container_id=? ORDER BY position");
  st.bind(1, id);
  while (st.step()) out.push_back(from_json(Json::parse(st.text(0))));
  return out;
}

}  // namespace strata::mounts
