// Layer tars -> overlayfs layer directories.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace strata::archive {

struct ExtractResult {
  std::string diff_id;    // "sha256:<hex>" of the uncompressed tar stream
  uint64_t tar_size;      // uncompressed bytes
  uint64_t content_size;  // sum of regular file sizes
};

// Reads a tar (plain, gzip, zstd, xz or bzip2, detected automatically) from `fd` and extracts it
// into `dest` (an existing, empty directory) as an overlayfs layer, in one pass that also hashes
// the uncompressed stream:
//  - `.wh.NAME` becomes a 0/0 character device NAME; `.wh..wh..opq` in D sets
//    trusted.overlay.opaque=y on D; other `.wh..wh.*` entries are ignored;
//  - ownership (numeric), modes incl. setuid, mtimes, xattrs, hardlinks, symlinks, devices, fifos kept;
//  - later entries replace earlier ones (unless both are directories);
//  - names are made relative ("/etc/x", "./etc/x" -> "etc/x").
// Throws Errc::invalid_argument (one line naming the entry) for `..` in a name or hardlink target, a
// path through a symlink, a missing hardlink target, an xattr trusted.overlay.*, a corrupt or
// truncated stream. Nothing is ever written outside `dest`; on error the caller removes `dest`.
ExtractResult extract_layer(int fd, const std::filesystem::path& dest);

}  // namespace strata::archive
