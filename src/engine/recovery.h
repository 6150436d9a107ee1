// Recovery after a cut-short change: removes what no record points to —
// overlay2 directories and links, container and runtime directories, temp
// files — and unmounts what such a directory still has mounted. It never
// touches a volume's data. Runs with every change blocked (store::Journal).
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

namespace strata {

// Returns one line per thing it removed ("removed …"); with apply=false it
// removes nothing and returns one line per thing it would remove.
std::vector<std::string> collect_garbage(const Paths& paths, store::Db& db, graphdriver::Overlay2& driver,
                                         bool apply = true);

}  // namespace strata
