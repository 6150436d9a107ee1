#include "engine/disk_usage.h"

#include <algorithm>
#include <map>

#include "container/container_mounts.h"
#include "container/service.h"
#include "engine/engine.h"
#include "graphdriver/overlay2.h"
#include "image/image_service.h"
#include "volume/volume_service.h"

namespace strata {

DiskUsage disk_usage(Engine& e) {
  DiskUsage du;
  auto& store = e.images().store();
  std::map<std::string, int> images_per_layer;
  std::map<std::string, int64_t> layer_size;
  std::vector<std::vector<std::string>> chains;
  auto images = store.list();
  std::sort(images.begin(), images.end(), [](auto& a, auto& b) { return a.created > b.created; });
  for (auto& img : images) {
    std::vector<std::string> chain;
    for (auto& l : store.layers(img.top_layer)) {
      chain.push_back(l.chain_id);
      layer_size[l.chain_id] = l.size;
      ++images_per_layer[l.chain_id];
    }
    chains.push_back(chain);
  }
  for (auto& [id, size] : layer_size) du.layers_size += size;
  auto containers = e.containers().list();
  for (size_t i = 0; i < images.size(); ++i) {
    DiskUsage::Image u{images[i], images[i].size, 0, 0};
    for (auto& l : chains[i])
      if (images_per_layer[l] > 1) u.shared_size += layer_size[l];
    u.containers = static_cast<int>(std::count_if(containers.begin(), containers.end(),
                                                  [&](auto& c) { return c.image_id == images[i].id; }));
    du.images.push_back(u);
  }
  for (auto& c : containers) {
    DiskUsage::Container u{c, volume::directory_size(e.driver().diff_dir(c.mount_id)), 0};
    for (auto& m : container::mount_points(e.db(), c.id))
      if (m.driver == "local") ++u.local_volumes;
    du.containers.push_back(u);
  }
  for (auto& v : e.volumes().list())
    if (v.driver == "local" && !v.has_options()) du.volumes.push_back({v, e.volumes().size(v), v.ref_count});
  return du;
}

}  // namespace strata
