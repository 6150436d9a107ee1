#include "common/error.h"

#include <cerrno>
#include <cstring>

namespace strata {

void throw_errno(const std::string& what) { throw_errno(what, errno); }

void throw_errno(const std::string& what, int err) {
  throw Error(Errc::system, what + ": " + std::strerror(err));
}

}  // namespace strata
