#include "engine/recovery.h"

#include <set>

#include "common/fs.h"
#include "graphdriver/overlay2.h"
#include "store/db.h"

namespace strata {

namespace {
std::set<std::string> column(store::Db& db, const char* sql) {
  std::set<std::string> out;
  auto st = db.prepare(sql);
  while (st.step()) out.insert(st.text(0));
  return out;
}
}  // namespace

std::vector<std::string> collect_garbage(const Paths& paths, store::Db& db, graphdriver::Overlay2& driver) {
  std::vector<std::string> done;
  auto layers = column(db, "SELECT cache_id FROM layers");
  auto mounts = column(db, "SELECT mount_id FROM containers");
  auto containers = column(db, "SELECT id FROM containers");
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(paths.overlay2(), ec)) {
    std::string name = e.path().filename();
    if (name == "l") continue;
    std::string base = name.size() > 5 && name.ends_with("-init") ? name.substr(0, name.size() - 5) : name;
    if (layers.count(name) || mounts.count(base)) continue;
    if (name[0] != '.') driver.unmount(name);  // temp dirs are never mounted
    fs::remove_all(e.path());
    done.push_back("removed unreferenced layer directory " + name);
  }
  // Short links whose layer is gone.
  for (auto& e : std::filesystem::directory_iterator(paths.overlay2() / "l", ec))
    if (!std::filesystem::exists(e.path(), ec)) {
      std::filesystem::remove(e.path(), ec);
      done.push_back("removed dangling link l/" + e.path().filename().string());
    }
  for (auto& e : std::filesystem::directory_iterator(paths.containers(), ec))
    if (!containers.count(e.path().filename())) {
      fs::remove_all(e.path());
      done.push_back("removed unreferenced container directory " + e.path().filename().string());
    }
  for (auto& e : std::filesystem::directory_iterator(paths.tmp(), ec)) {
    fs::remove_all(e.path());
    done.push_back("removed temporary " + e.path().filename().string());
  }
  driver.cleanup_temp();
  return done;
}

}  // namespace strata
