#include "common/paths.h"

#include <sys/stat.h>

#include "common/error.h"

namespace strata {

void Paths::ensure() const {
  std::error_code ec;
  for (const auto& d : {root, overlay2(), overlay2() / "l", containers(), volumes(), tmp(),
                        run_root, run_root / "containers", runc_root()}) {
    std::filesystem::create_directories(d, ec);
    if (ec) throw Error(Errc::system, "create " + d.string() + ": " + ec.message());
  }
  ::chmod(root.c_str(), 0710);
}

}  // namespace strata
