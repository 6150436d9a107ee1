// Directory-fd helpers for `cp` and COPY: lookups confined to a root with openat2
// RESOLVE_IN_ROOT (symlinks resolved as if the root were "/"), creation with *at() calls.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>

#include "common/fd.h"

namespace strata::container::cp {

using Owner = std::optional<std::pair<uid_t, gid_t>>;

// openat2(root_fd, path, flags | O_CLOEXEC, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS); -1 and errno
// on failure. `path` is taken as absolute in the root ("" and "/" are the root itself).
int open_in(int root_fd, const std::string& path, int flags, mode_t mode = 0);

// Opens directory `path` in the root (O_PATH). Invalid fd with errno set if it cannot.
UniqueFd open_dir_in(int root_fd, const std::string& path);

// mkdir -p of `path` in the root, new directories made with `mode` and given to `owner` (if set);
// returns the last one (O_PATH). Throws strata::Error (ENOTDIR: "not a directory").
UniqueFd mkdir_all_in(int root_fd, const std::string& path, mode_t mode, const Owner& owner);

// Removes `name` in `parent_fd` and, for a directory, everything below it, never following links.
void remove_tree_at(int parent_fd, const std::string& name);

// The path of open `fd` as seen from the root at `root_path` ("/etc/x"), or "" if it is not below.
std::string path_in_root(const std::string& root_path, int fd);

}  // namespace strata::container::cp
