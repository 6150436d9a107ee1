// `system check [--repair]` and the recovery a command runs after a crash: what
// in the store does not fit together, found or fixed by one code path.
//   - layer, container and temporary directories no record points to (collect_garbage)
//   - overlay mounts under the root that no running container holds
//   - monitors of containers not recorded as running (a start cut short)
//   - containers recorded as running whose monitor is gone (fixed by the
//     container service's reconcile, which the Engine calls)
//   - volume records without a directory, volume directories without a record:
//     the directory is made, or the record restored; a volume's _data is never deleted
//   - records pointing at a missing layer or container directory (reported only:
//     nothing can bring the files back)
// Runs with every change blocked (store::Journal), so nothing found is in flight.
#pragma once
#include <string>
#include <vector>

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

namespace strata {

struct CheckReport {
  std::vector<std::string> lines;          // one per problem found, or per action taken
  std::vector<std::string> dead_monitors;  // containers recorded running whose monitor is gone
  int unrepaired = 0;                      // problems --repair cannot fix
};

CheckReport check_store(const Paths& paths, store::Db& db, graphdriver::Overlay2& driver, runtime::Runtime& rt,
                        bool repair);

}  // namespace strata
