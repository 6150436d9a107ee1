// `system df`: what images, containers and volumes take on disk, counted as Docker counts.
#pragma once
#include <string>
#include <vector>

#include "container/container.h"
#include "image/image_store.h"
#include "volume/volume.h"

namespace strata {

class Engine;

struct DiskUsage {
  struct Image {
    image::ImageRecord record;
    int64_t size = 0, shared_size = 0;  // shared: in layers other images use too
    int containers = 0;
  };
  struct Container {
    container::Container record;
    int64_t size_rw = 0;   // the writable layer's content
    int local_volumes = 0;
  };
  struct Volume {
    volume::Volume record;
    int64_t size = 0, links = 0;  // links: containers using it
  };
  std::vector<Image> images;  // newest first
  int64_t layers_size = 0;    // every layer once
  std::vector<Container> containers;
  std::vector<Volume> volumes;  // local volumes without driver options (their data is elsewhere)
};

DiskUsage disk_usage(Engine& engine);

}  // namespace strata
