// Sizes as Docker reports them: SizeRw is what the writable layer holds, SizeRootFs that plus the
// image's layers (the container's "virtual" size in `ps -s`).
#include "container/container_mounts.h"
#include "container/service.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "volume/volume_service.h"

namespace strata::container {

ContainerService::Size ContainerService::size(const Container& c) {
  Size s;
  s.rw = volume::directory_size(d_.driver.diff_dir(c.mount_id));
  auto img = d_.images.store().find(c.image_id);
  s.root_fs = s.rw + (img ? img->size : 0);
  return s;
}

nlohmann::ordered_json ContainerService::mounts(const Container& c) { return inspect_mounts(d_.db, c.id); }

}  // namespace strata::container
