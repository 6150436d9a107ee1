#include "engine/engine.h"

#include <unistd.h>

#include <algorithm>

#include "build/builder.h"
#include "common/error.h"
#include "common/fs.h"
#include "container/service.h"
#include "engine/check.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "runtime/runtime.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata {

namespace {
// runc's absolute path: Debian installs it in /usr/sbin, which a non-login root shell may not
// have on PATH.
std::filesystem::path find_runc(const std::filesystem::path& name) {
  auto path = fs::find_executable(name);
  if (path.empty()) throw Error(Errc::system, "runc not found: install Debian's runc package (apt-get install runc)");
  return path;
}
}  // namespace

Engine::Engine(EngineOptions o) {
  if (::geteuid() != 0)
    throw Error(Errc::invalid_argument, "strata needs root privileges: run it as root (e.g. with sudo)");
  paths_.root = std::filesystem::absolute(o.root);
  if (!o.run_root.empty()) paths_.run_root = std::filesystem::absolute(o.run_root);
  else if (paths_.root == "/var/lib/strata") paths_.run_root = "/run/strata";
  else paths_.run_root = paths_.root / "run";
  paths_.ensure();
  db_ = std::make_unique<store::Db>(paths_.db());
  driver_ = std::make_unique<graphdriver::Overlay2>(paths_.overlay2());
  auto shim = o.self_exe.parent_path() / "strata-shim";
  if (const char* env = ::getenv("STRATA_SHIM")) shim = env;
  runtime_ = runtime::make_runc_runtime(find_runc(o.runc), shim, paths_.runc_root());
  // A change cut short by a crash left its mark: repair what it left first.
  if (o.recover) db_->journal().recover_if_needed([&] { check_store(paths_, *db_, *driver_, *runtime_, true); });
  images_ = std::make_unique<image::ImageService>(*db_, *driver_);
  volumes_ = std::make_unique<volume::VolumeService>(paths_, *db_);
  std::vector<std::string> exit_cmd = {o.self_exe.string(), "--root", paths_.root.string(), "--runroot",
                                       paths_.run_root.string(), "container", "cleanup"};
  containers_ = std::make_unique<container::ContainerService>(
      container::ContainerService::Deps{paths_, *db_, *driver_, *images_, *runtime_, exit_cmd, *volumes_});
  builder_ = std::make_unique<build::Builder>(build::Builder::Deps{paths_, *db_, *driver_, *images_, *containers_});
}

Engine::~Engine() = default;

CheckReport Engine::check(bool repair) {
  CheckReport r;
  auto cut_short = db_->journal().exclusive([&] { r = check_store(paths_, *db_, *driver_, *runtime_, repair); }, repair);
  std::sort(cut_short.begin(), cut_short.end());
  cut_short.erase(std::unique(cut_short.begin(), cut_short.end()), cut_short.end());
  for (auto& op : cut_short)
    r.lines.insert(r.lines.begin(), repair ? "recovered an interrupted " + op : "interrupted operation: " + op);
  // Outside the lock: reconcile may remove an --rm container, which is a change of its own.
  if (repair)
    for (auto& id : r.dead_monitors)
      if (containers_->get_if(id)) r.lines.push_back("recorded the exit of container " + id + " (its monitor is gone)");
      else r.lines.push_back("removed container " + id + " (its monitor is gone)");
  return r;
}

}  // namespace strata
