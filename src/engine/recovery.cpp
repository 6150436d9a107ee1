#include "engine/recovery.h"

#include <functional>
#include <set>

#include "common/fs.h"
#include "graphdriver/overlay2.h"
#include "store/db.h"
#include "volume/volume_store.h"

namespace strata {

namespace {
std::set<std::string> column(store::Db& db, const char* sql) {
  std::set<std::string> out;
  auto st = db.prepare(sql);
  while (st.step()) out.insert(st.text(0));
  return out;
}
}  // namespace

std::vector<std::string> collect_garbage(const Paths& paths, store::Db& db, graphdriver::Overlay2& driver, bool apply) {
  std::vector<std::string> done;
  // One line per finding: "removed <what>" when applied, "<what>" when only reported.
  auto act = [&](const std::string& what, const std::function<void()>& fix) {
    if (apply) fix();
    done.push_back(apply ? "removed " + what : what);
  };
  auto layers = column(db, "SELECT cache_id FROM layers");
  auto mounts = column(db, "SELECT mount_id FROM containers");
  auto containers = column(db, "SELECT id FROM containers");
  std::error_code ec;
  for (auto& e : std::filesystem::directory_iterator(paths.overlay2(), ec)) {
    std::string name = e.path().filename();
    if (name == "l") continue;
    std::string base = name.size() > 5 && name.ends_with("-init") ? name.substr(0, name.size() - 5) : name;
    if (layers.count(name) || mounts.count(base)) continue;
    bool temp = name[0] == '.';
    act(std::string(temp ? "temporary layer directory " : "unreferenced layer directory ") + name, [&] {
      if (!temp) driver.unmount(name);  // temp dirs are never mounted
      fs::remove_all(e.path());
    });
  }
  // Short links whose layer is gone.
  for (auto& e : std::filesystem::directory_iterator(paths.overlay2() / "l", ec))
    if (!std::filesystem::exists(e.path(), ec))
      act("dangling link l/" + e.path().filename().string(), [&] { std::filesystem::remove(e.path(), ec); });
  for (auto& e : std::filesystem::directory_iterator(paths.containers(), ec))
    if (!containers.count(e.path().filename()))
      act("unreferenced container directory " + e.path().filename().string(), [&] { fs::remove_all(e.path()); });
  volume::VolumeStore volumes(db, paths.volumes());
  for (auto& e : std::filesystem::directory_iterator(paths.tmp(), ec)) {
    // tmp/volume-rm-<16 hex>-<name> of a volume whose record is still there is its data, moved
    // aside by a removal cut short: check_store puts it back; it is never deleted here.
    std::string f = e.path().filename();
    if (f.rfind("volume-rm-", 0) == 0 && f.size() > 27 && volumes.find(f.substr(27))) continue;
    act("temporary " + f, [&] { fs::remove_all(e.path()); });
  }
  if (apply) driver.cleanup_temp();
  return done;
}

}  // namespace strata
