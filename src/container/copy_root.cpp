// with_rootfs: the container's filesystem for cp and the build, in a private mount namespace.
#include <fcntl.h>

#include "common/error.h"
#include "container/container_lock.h"
#include "container/copy_mount.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"

namespace strata::container {

void ContainerService::with_rootfs(const std::string& ref, const std::function<void(const Container&, RootView&)>& fn,
                                   bool with_mounts) {
  Container c = get(ref);
  ContainerLock lock(d_.paths, c.id);
  c = get(c.id);  // its state now that nobody can start or remove it
  in_private_mount_ns([&] {
    RootView r;
    bool mount_here = !c.state.running;
    if (mount_here) repair_layer(c);
    r.path = mount_here ? d_.driver.mount(c.mount_id, {}) : std::filesystem::path(d_.driver.paths(c.mount_id).merged_dir);
    struct Unmount {
      ContainerService* svc;
      const Container& c;
      bool on;
      ~Unmount() {
        if (!on) return;
        try {
          svc->d_.driver.unmount(c.mount_id);
        } catch (...) {
        }
      }
    } unmount{this, c, mount_here};
    r.fd.reset(::open(r.path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!r.fd.valid()) throw_errno("open " + r.path.string());
    if (with_mounts) r.mounts = copy_mounts(c, d_.paths, d_.db);
    r.read_only = c.host_config.value("ReadonlyRootfs", false);
    bind_mount_points(r.fd.get(), r.mounts);
    fn(c, r);
  });
}

}  // namespace strata::container
