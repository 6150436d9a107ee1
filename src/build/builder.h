// `build`: a Dockerfile run step by step like Docker's legacy builder, each RUN in a container of
// the engine's own, each filesystem step made a layer, every step's result cached.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/paths.h"

namespace strata::store {
class Db;
}
namespace strata::graphdriver {
class Overlay2;
}
namespace strata::image {
class ImageService;
}
namespace strata::container {
class ContainerService;
}

namespace strata::build {

struct BuildOptions {
  std::filesystem::path context;
  std::string dockerfile;               // -f, relative to the caller's cwd; "" = CONTEXT/Dockerfile
  std::vector<std::string> tags;        // -t
  std::map<std::string, std::string> build_args;  // --build-arg (a bare NAME is resolved by the caller)
  bool no_cache = false;
  bool quiet = false;                   // -q: only the image ID at the end
  int out_fd = 1;                       // progress and the RUN output
};

// A step failed after "Step N/M" was printed: the CLI shows the message as Docker does (no
// "Error:" prefix) and exits with `status` (a RUN's exit code, else 1).
class StepFailed : public Error {
 public:
  StepFailed(const std::string& message, int status) : Error(Errc::invalid_argument, message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

class Builder {
 public:
  struct Deps {
    Paths paths;
    store::Db& db;
    graphdriver::Overlay2& driver;
    image::ImageService& images;
    container::ContainerService& containers;
  };
  explicit Builder(Deps d) : d_(std::move(d)) {}

  // Returns the new image's ID. Everything it made along the way that the image does not need
  // (build containers, intermediate image records) is gone afterwards, also when it fails.
  std::string build(const BuildOptions& o);

 private:
  Deps d_;
};

}  // namespace strata::build
