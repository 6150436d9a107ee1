// commit and export: a container's filesystem leaving it, as a new image layer or a flat tar.
#include "archive/diff_tar.h"
#include "common/error.h"
#include "container/container_lock.h"
#include "container/copy_mount.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "image/config.h"
#include "image/image_service.h"
#include "runtime/runtime.h"

namespace strata::container {

namespace {
// Thaws the container however the commit ends.
struct Paused {
  runtime::Runtime* rt = nullptr;
  std::string id;
  ~Paused() {
    if (!rt) return;
    try {
      rt->resume(id);
    } catch (...) {
    }
  }
};
}  // namespace

std::string ContainerService::commit(const std::string& ref, const CommitOptions& o) {
  Container c = get(ref);
  // Docker's CreateImageFromContainer: the container's config with the changes applied becomes
  // the image's; the container's own goes into container_config; CMD is what history shows.
  Json config = c.config;
  for (auto& change : o.changes) image::apply_change(config, change);
  image::CommitRequest req;
  if (!o.reference.empty()) req.tag = image::parse_reference(o.reference);
  req.parent_image = c.image_id;
  req.config = config;
  req.container_config = c.config;
  req.container_id = c.id;
  req.author = o.author;
  req.comment = o.message;
  std::string by;
  for (auto& a : c.config.value("Cmd", Json::array())) by += (by.empty() ? "" : " ") + a.get<std::string>();
  req.created_by = by;
  req.upper = d_.driver.diff_dir(c.mount_id);

  ContainerLock lock(d_.paths, c.id);  // no start, rm or exit handling meanwhile
  c = get(c.id);
  Paused paused;
  if (o.pause && c.state.running && !c.state.paused) {  // a user's pause stays as it is
    d_.runtime.pause(c.id);
    paused.rt = &d_.runtime;
    paused.id = c.id;
  }
  return d_.images.commit(req);
}

void ContainerService::export_rootfs(const std::string& ref, int fd) {
  Container c = get(ref);
  ContainerLock lock(d_.paths, c.id);  // neither started nor removed meanwhile
  c = get(c.id);
  // A stopped container's rootfs is mounted read-only, in a mount namespace of our own: nobody
  // else sees it, and its unmount has no filesystem to sync (a writable overlay's would flush
  // every dirty page of the disk, the exported tar's included).
  in_private_mount_ns([&] {
    const bool here = !c.state.running;
    if (here) repair_layer(c);
    std::filesystem::path root = here ? d_.driver.mount(c.mount_id, {.volatile_upper = false, .read_only = true})
                                      : std::filesystem::path(d_.driver.paths(c.mount_id).merged_dir);
    try {
      archive::TarOptions o;
      o.digest = false;
      archive::write_tar(root, fd, o);
    } catch (...) {
      if (here) d_.driver.unmount(c.mount_id);
      throw;
    }
    if (here) d_.driver.unmount(c.mount_id);
  });
}

}  // namespace strata::container
