// system prune: stopped containers, then (with --volumes) unused anonymous volumes, then dangling
// images (every unused one with --all), in that order so that what the containers held is free.
#pragma once
#include <string>
#include <vector>

#include "container/service.h"
#include "image/image_service.h"

namespace strata {

class Engine;

struct SystemPruned {
  container::ContainerService::Pruned containers;
  std::vector<std::string> volumes;
  image::PruneResult images;
  int64_t reclaimed = 0;
};

SystemPruned system_prune(Engine& engine, bool all_images, bool volumes);

}  // namespace strata
