// The library side of strata-shim (see src/shim/main.cpp): spawning it, telling
// whether it still lives, connecting to its attach socket.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "common/fd.h"
#include "runtime/runtime.h"

namespace strata::runtime {

struct ShimResult {
  int pid = 0;        // the container's host pid when ok
  std::string error;  // runc's message when not
  bool ok() const { return pid > 0; }
};

// Forks and double-forks the shim (setsid, stdio /dev/null, only its sync
// pipe open), then waits for its report on `runc create`. Throws if the shim
// dies without reporting or does not report within the timeout.
ShimResult spawn_shim(const std::filesystem::path& shim, const std::filesystem::path& runc,
                      const std::filesystem::path& runtime_root, const ShimConfig& cfg,
                      std::chrono::milliseconds timeout = std::chrono::minutes(2));
// True while some process holds the OFD write lock on <state_dir>/shim.lock
// (probed with F_OFD_GETLK: the probe never takes the lock).
bool shim_lock_held(const std::filesystem::path& state_dir);
std::optional<pid_t> read_pid_file(const std::filesystem::path& file);
// Connects to <state_dir>/attach.sock through /proc/self/fd (no 108-byte
// sun_path limit). Throws Errc::conflict if the shim is gone.
UniqueFd connect_attach_socket(const std::filesystem::path& state_dir);

}  // namespace strata::runtime
