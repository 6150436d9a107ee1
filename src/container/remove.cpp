// rm: the record goes first (one transaction), then the files. A crash in
// between leaves directories nothing points to, which recovery collects;
// never a record whose layer is gone.
#include <csignal>

#include "common/error.h"
#include "common/fs.h"
#include "container/container_lock.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "runtime/runtime.h"
#include "store/db.h"

namespace strata::container {

std::string ContainerService::remove(const std::string& ref, bool force) {
  Container c = get(ref);
  if (c.state.running) {
    if (!force)
      throw Error(Errc::conflict, "You cannot remove a running container " + c.id +
                                      ". Stop the container before attempting removal or force remove");
    d_.runtime.kill(c.state.pid, SIGKILL);
    wait_exit(c, std::chrono::hours(1));
    auto again = store_.find(c.id);
    if (!again) return c.id;  // --rm: the monitor removed it
    c = *again;
    reconcile(c);
  }
  ContainerLock lock(d_.paths, c.id);
  if (!store_.find(c.id)) return c.id;
  remove_files(c);
  return c.id;
}

void ContainerService::remove_files(const Container& c) {
  auto intent = d_.db.journal().begin("rm");
  store_.remove(c.id);
  d_.driver.unmount(c.mount_id);
  d_.driver.remove_rw(c.mount_id);
  fs::remove_all(d_.paths.container_dir(c.id));
  fs::remove_all(state_dir(c));
  std::error_code ec;
  std::filesystem::remove(d_.paths.run_root / "containers" / (c.id + ".lock"), ec);
}

}  // namespace strata::container
