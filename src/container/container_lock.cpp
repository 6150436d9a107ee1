#include "container/container_lock.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "common/error.h"

namespace strata::container {

ContainerLock::ContainerLock(const Paths& paths, const std::string& id) {
  auto path = paths.run_root / "containers" / (id + ".lock");
  fd_.reset(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd_.valid()) throw_errno("open " + path.string());
  while (::flock(fd_.get(), LOCK_EX) != 0)
    if (errno != EINTR) throw_errno("lock " + path.string());
}

}  // namespace strata::container
