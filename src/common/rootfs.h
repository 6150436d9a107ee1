// Path handling inside a container's root filesystem: every lookup is
// resolved as if the root were "/" (openat2 RESOLVE_IN_ROOT), so a symlink
// in the container ("/data -> /" or "../../..") can never lead to a host file.
#pragma once
#include <sys/types.h>

#include <filesystem>
#include <string>

#include "common/fd.h"

namespace strata::rootfs {

// Opens `path` (absolute in the container) under `root` with openat2 and
// RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS. Throws Errc::not_found / system.
UniqueFd open_in_root(const std::filesystem::path& root, const std::string& path, int flags, mode_t mode = 0);

// mkdir -p of `path` inside `root`, each component resolved in the root.
// Existing directories are kept as they are.
void mkdir_all_in_root(const std::filesystem::path& root, const std::string& path, mode_t mode = 0755);

}  // namespace strata::rootfs
