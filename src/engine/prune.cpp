#include "engine/prune.h"

#include "engine/engine.h"
#include "volume/volume_service.h"

namespace strata {

SystemPruned system_prune(Engine& engine, bool all_images, bool volumes) {
  SystemPruned out;
  out.containers = engine.containers().prune({});
  out.reclaimed += out.containers.reclaimed;
  if (volumes) {  // Docker 23+: anonymous volumes only
    auto [names, bytes] = engine.volumes().prune(engine.volumes().prune_candidates(false, {}));
    out.volumes = names;
    out.reclaimed += bytes;
  }
  out.images = engine.images().prune(all_images);
  out.reclaimed += static_cast<int64_t>(out.images.reclaimed);
  return out;
}

}  // namespace strata
