#include "common/fault.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "common/error.h"

namespace strata::fault {

void hit(std::string_view name) {
  static const std::string armed = [] {
    const char* env = std::getenv("STRATA_FAULT");
    return std::string(env ? env : "");
  }();
  if (armed.empty() || armed.compare(0, name.size(), name) != 0) return;
  std::string_view mode = std::string_view(armed).substr(name.size());
  if (mode == ":error") throw Error(Errc::system, "fault injected at " + std::string(name));
  if (!mode.empty()) return;  // another point whose name starts with this one
  ::kill(::getpid(), SIGKILL);
  ::pause();
}

}  // namespace strata::fault
