// Tar -> files under a directory of a root (a container's rootfs, a `cp` destination on the
// host), for `cp` and the build's COPY/ADD. Every path is resolved as if the root were "/"
// (openat2 RESOLVE_IN_ROOT), and every file is made with *at() calls in the directory so
// resolved: a symlink in the root ("/x -> /", "../../..") or planted earlier in the same tar can
// never make it write outside the root.
#pragma once
#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>

namespace strata::container::cp {

struct ExtractOptions {
  bool chown = true;                                  // give files the tar's uid/gid
  std::optional<std::pair<uid_t, gid_t>> owner;       // ... or this owner (COPY --chown)
  bool no_overwrite_dir_non_dir = true;               // `cp`: refuse to replace a dir by a file or back
  std::string rebase_from, rebase_to;                 // rename the top entry (see copy_paths.h)
};

// Reads a tar (plain, gzip, bzip2, xz or zstd) from `fd` and extracts it into `dir` (absolute in
// the root) of the tree at `root_fd`; `dir` must exist. Entries are cleaned like Docker's
// ("/etc/x" -> "etc/x"); refused with one line (Errc::invalid_argument), as Docker does: a name or
// hardlink target outside `dir`, a symlink whose target leaves `dir`, a path through a symlink
// made by the same tar, an overlay xattr, a corrupt or truncated stream. An empty stream is fine.
void extract_tree(int fd, int root_fd, const std::string& dir, const ExtractOptions& o);

// True if `fd` (a regular file, read from its start) holds a tar, maybe compressed (ADD).
bool is_archive(int fd);

}  // namespace strata::container::cp
