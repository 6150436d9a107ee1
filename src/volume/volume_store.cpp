#include "volume/volume_store.h"

#include <algorithm>

#include "store/db.h"

namespace strata::volume {

namespace {
const char* kColumns = "SELECT name, driver, created, labels, options, anonymous";

Volume row(store::Stmt& st, const std::filesystem::path& dir) {
  Volume v;
  v.name = st.text(0);
  v.driver = st.text(1);
  v.created = st.text(2);
  v.labels = Json::parse(st.text(3));
  v.options = Json::parse(st.text(4));
  v.anonymous = st.int64(5) != 0;
  if (!v.is_plugin()) v.mountpoint = dir / v.name / "_data";  // a plugin's is the plugin's to say
  return v;
}
}  // namespace

std::optional<Volume> VolumeStore::find(const std::string& name) const {
  auto st = db_.prepare(std::string(kColumns) + " FROM volumes WHERE name=?");
  st.bind(1, name);
  if (!st.step()) return std::nullopt;
  return row(st, dir_);
}

std::vector<Volume> VolumeStore::list() const {
  std::vector<Volume> out;
  auto st = db_.prepare(std::string(kColumns) +
                        ", (SELECT COUNT(DISTINCT container_id) FROM mount_points m WHERE m.volume = v.name)"
                        " FROM volumes v");
  while (st.step()) {
    out.push_back(row(st, dir_));
    out.back().ref_count = st.int64(6);
  }
  std::sort(out.begin(), out.end(), [](const Volume& a, const Volume& b) { return natural_less(a.name, b.name); });
  return out;
}

void VolumeStore::insert(const Volume& v) {
  db_.prepare("INSERT INTO volumes(name, driver, created, labels, options, anonymous) VALUES(?,?,?,?,?,?)")
      .bind(1, v.name)
      .bind(2, v.driver)
      .bind(3, v.created)
      .bind(4, v.labels.dump())
      .bind(5, v.options.dump())
      .bind(6, int64_t(v.anonymous))
      .run();
}

void VolumeStore::remove(const std::string& name) {
  db_.prepare("DELETE FROM volumes WHERE name=?").bind(1, name).run();
}

std::vector<std::string> VolumeStore::users(const std::string& name) const {
  std::vector<std::string> out;
  auto st = db_.prepare("SELECT DISTINCT container_id FROM mount_points WHERE volume=? ORDER BY container_id");
  st.bind(1, name);
  while (st.step()) out.push_back(st.text(0));
  return out;
}

}  // namespace strata::volume
