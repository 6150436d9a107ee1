// The engine: one store opened, its services wired together. Front ends (the
// CLI now, an API server later) hold one Engine and call its services; they
// hold no logic of their own.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

#include "common/paths.h"

namespace strata::store {
class Db;
}
namespace strata::graphdriver {
class Overlay2;
}
namespace strata::runtime {
class Runtime;
}
namespace strata::image {
class ImageService;
}
namespace strata::container {
class ContainerService;
}
namespace strata::volume {
class VolumeService;
}
namespace strata::build {
class Builder;
}

namespace strata {

struct EngineOptions {
  std::filesystem::path root = "/var/lib/strata";
  std::filesystem::path run_root;  // default: /run/strata, or <root>/run when root is not the default
  std::filesystem::path runc = "runc";
  std::filesystem::path self_exe;  // the strata binary, for the monitor's exit command
  bool recover = true;             // recover after a crash at open (`system check` does it itself)
};

struct CheckReport;

class Engine {
 public:
  // Fails at once, with one clear line, when not run as root.
  explicit Engine(EngineOptions opts);
  ~Engine();

  const Paths& paths() const { return paths_; }
  image::ImageService& images() { return *images_; }
  container::ContainerService& containers() { return *containers_; }
  volume::VolumeService& volumes() { return *volumes_; }
  build::Builder& builder() { return *builder_; }
  graphdriver::Overlay2& driver() { return *driver_; }
  store::Db& db() { return *db_; }
  // `system check [--repair]` (engine/check.h): waits for changes in flight, then
  // reports what is inconsistent, or repairs it and reports what it did.
  CheckReport check(bool repair);

 private:
  Paths paths_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<graphdriver::Overlay2> driver_;
  std::unique_ptr<runtime::Runtime> runtime_;
  std::unique_ptr<image::ImageService> images_;
  std::unique_ptr<volume::VolumeService> volumes_;
  std::unique_ptr<container::ContainerService> containers_;
  std::unique_ptr<build::Builder> builder_;
};

}  // namespace strata
