// A per-container lock (flock on a file in the run root) that serialises
// start, rm and exit handling of one container across strata processes.
#pragma once
#include <string>

#include "common/fd.h"
#include "common/paths.h"

namespace strata::container {

class ContainerLock {
 public:
  ContainerLock(const Paths& paths, const std::string& id);
  ContainerLock(const ContainerLock&) = delete;
  ContainerLock& operator=(const ContainerLock&) = delete;

 private:
  UniqueFd fd_;
};

}  // namespace strata::container
