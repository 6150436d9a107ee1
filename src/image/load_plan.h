// load, stage 2: what the scanned archive holds, read from manifest.json (a Docker archive, any
// version) or else index.json (an OCI layout), with every digest, size and count checked.
#pragma once
#include <string>
#include <vector>

#include "image/load_scan.h"

namespace strata::image {

struct LoadedImage {
  std::string id;      // "sha256:" + sha256 of the config bytes
  std::string config;  // the config, byte for byte
  std::string created;
  std::vector<std::string> diff_ids;
  std::vector<ScannedBlob*> layers;  // bottom first, one per diff ID
  std::vector<std::string> tags;     // "busybox:latest"
  std::string parent;                // Docker's manifest "Parent", if any
};

// Throws invalid_argument with one line naming what is wrong; nothing has been made visible yet.
std::vector<LoadedImage> plan_load(LoadScan& scan);

}  // namespace strata::image
