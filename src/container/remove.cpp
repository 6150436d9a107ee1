// rm: the record goes first (one transaction), then the files. A crash in
// between leaves directories nothing points to, which recovery collects;
// never a record whose layer is gone.
#include <csignal>

#include "common/error.h"
#include "common/fault.h"
#include "common/fs.h"
#include "container/container_lock.h"
#include "container/container_mounts.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "runtime/runtime.h"
#include "store/db.h"
#include "volume/volume_service.h"

namespace strata::container {

std::string ContainerService::remove(const std::string& ref, bool force, bool remove_volumes) {
  Container c = get(ref);
  for (;;) {
    if (c.state.running) {
      if (!force && c.state.paused)
        throw Error(Errc::conflict, "You cannot remove a paused container " + c.id +
                                        ". Unpause and then stop the container before attempting removal or force remove");
      if (!force)
        throw Error(Errc::conflict, "You cannot remove a running container " + c.id +
                                        ". Stop the container before attempting removal or force remove");
      mark_manually_stopped(c.id);  // no restart policy brings it back meanwhile
      thaw_if_frozen(c);
      try {
        d_.runtime.kill(c.state.pid, SIGKILL);
      } catch (const Error& e) {
        if (e.code() != Errc::conflict) throw;  // already dead, its exit not yet recorded: rm goes on
      }
      wait_exit(c, std::chrono::hours(1));
    }
    ContainerLock lock(d_.paths, c.id);
    auto again = store_.find(c.id);
    if (!again) return c.id;  // --rm: the monitor removed it, or another rm did
    c = *again;
    // A start that won the lock since makes it running again: kill that too
    // (never leave a running process or a mount without its record).
    if (!reconcile(c)) return c.id;
    if (c.state.running) continue;
    remove_files(c, remove_volumes);
    return c.id;
  }
}

void ContainerService::remove_files(const Container& c, bool remove_volumes) {
  auto intent = d_.db.journal().begin("rm");
  // rm -v and --rm take the container's anonymous volumes with it (named ones stay).
  bool volumes = remove_volumes || c.host_config.value("AutoRemove", false);
  auto anonymous = volumes ? anonymous_volumes(d_.db, c.id) : std::vector<std::string>{};
  release_mounts(c, d_.db, d_.volumes);
  d_.runtime.destroy(c.id);  // a start cut short with its monitor killed leaves `runc init` waiting
  std::error_code ec;
  try {
    store_.remove(c.id);  // its mount points go with it (ON DELETE CASCADE)
  } catch (const Error& e) {
    // A full disk leaves SQLite no room even for a delete, and removing the
    // container is how users free space: its layer's files go first (the
    // record keeps a valid, empty layer should this fail again), then the record.
    if (std::string_view(e.what()).find("no space left on device") == std::string_view::npos) throw;
    d_.driver.unmount(c.mount_id);
    auto diff = d_.driver.diff_dir(c.mount_id);
    for (auto& entry : std::filesystem::directory_iterator(diff)) fs::remove_all(entry.path());
    store_.remove(c.id);
  }
  STRATA_FAULT("rm.recorded");
  d_.driver.unmount(c.mount_id);
  STRATA_FAULT("rm.unmounted");
  // All four trees in one parallel removal (fs_remove.cpp: each freed block may cost a discard).
  auto rw = d_.driver.detach(c.mount_id);
  auto init = d_.driver.detach(c.mount_id + "-init");
  STRATA_FAULT("rm.layer-removed");  // renamed away to .tmp-rm-*, which recovery collects
  fs::remove_trees({rw, init, d_.paths.container_dir(c.id), state_dir(c)});
  std::filesystem::remove(d_.paths.run_root / "containers" / (c.id + ".lock"), ec);
  for (auto& v : anonymous) d_.volumes.remove_if_unused(v);
}

}  // namespace strata::container
