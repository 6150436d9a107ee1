// pause and unpause: the container's processes frozen and thawed through the cgroup freezer
// (`runc pause` / `runc resume`). A paused container is still running: stop, kill and rm -f thaw
// it first (lifecycle.cpp), exec refuses it, as Docker does.
#include "common/error.h"
#include "container/container_lock.h"
#include "container/service.h"
#include "runtime/runtime.h"

namespace strata::container {

void ContainerService::pause(const std::string& ref) {
  Container c = get(ref);
  ContainerLock lock(d_.paths, c.id);  // not stopped or removed meanwhile
  c = get(c.id);
  if (!c.state.running) throw Error(Errc::conflict, "Container " + c.id + " is not running");
  if (c.state.paused) throw Error(Errc::conflict, "Container " + c.id + " is already paused");
  d_.runtime.pause(c.id);
  c.state.paused = true;
  c.state.status = "paused";
  store_.update_state(c.id, c.state);
}

void ContainerService::unpause(const std::string& ref) {
  Container c = get(ref);
  ContainerLock lock(d_.paths, c.id);
  c = get(c.id);
  if (!c.state.paused) throw Error(Errc::conflict, "Container " + c.id + " is not paused");
  d_.runtime.resume(c.id);
  c.state.paused = false;
  c.state.status = "running";
  store_.update_state(c.id, c.state);
}

}  // namespace strata::container
