#include "common/error.h"

#include <cerrno>
#include <cstring>

namespace strata {

void throw_errno(const std::string& what) { throw_errno(what, errno); }

void throw_errno(const std::string& what, int err) {
  // Go's (Docker's) wording for a full disk, which users and scripts look for.
  throw Error(Errc::system, what + ": " + (err == ENOSPC ? "no space left on device" : std::strerror(err)));
}

}  // namespace strata
