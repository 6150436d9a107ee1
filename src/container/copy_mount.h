// A container's filesystem as its processes see it, for `cp` and the build's COPY: the rootfs
// (a stopped container's mounted for the call), its volumes and bind mounts, and /etc/hosts,
// /etc/hostname, /etc/resolv.conf. Everything is mounted in a private mount namespace of a
// helper thread, so nothing is ever visible to the host or the container, and nothing is left
// mounted if strata dies mid-copy.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/fd.h"
#include "common/paths.h"
#include "container/container.h"

namespace strata::store {
class Db;
}

namespace strata::container {

struct CopyMount {
  std::string destination;        // absolute in the container
  std::filesystem::path source;   // on the host
  bool rw = true;
};

struct RootView {
  std::filesystem::path path;  // the mounted rootfs (in the helper's namespace)
  UniqueFd fd;                 // O_PATH of it: the root for RESOLVE_IN_ROOT lookups
  std::vector<CopyMount> mounts;
  bool read_only = false;      // --read-only rootfs

  // For a write at `path` (absolute in the container, symlinks already resolved): throws
  // Errc::conflict "mounted volume is marked read-only" / "container rootfs is marked read-only".
  void check_writable(const std::string& path) const;
};

// The volumes and bind mounts of `c` (its mount points in the store), plus its
// /etc/{hosts,hostname,resolv.conf}, parents first.
std::vector<CopyMount> copy_mounts(const Container& c, const Paths& paths, store::Db& db);

// Runs fn on a thread with its own private mount namespace (and cwd); rethrows what it throws.
void in_private_mount_ns(const std::function<void()>& fn);

// Bind-mounts each of `mounts` at its destination under `root_fd` (resolved in the root, made if
// missing), read-only where !rw. Call inside in_private_mount_ns.
void bind_mount_points(int root_fd, const std::vector<CopyMount>& mounts);

}  // namespace strata::container
