// Layer tars -> overlayfs layer directories.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace strata::archive {

struct ExtractResult {
  std::string diff_id;    // "sha256:<hex>" of the uncompressed tar stream
  uint64_t tar_size;      // uncompressed bytes
  uint64_t content_size;  // sum of regular file sizes and symlink target lengths (Docker's layer size)
  std::string raw_digest;  // "sha256:<hex>" of the bytes as read (== diff_id for a plain tar)
  uint64_t raw_size;       // bytes read
};

struct ExtractOptions {
  int tee_fd = -1;            // also written here: the uncompressed tar, byte for byte
  uint64_t max_tar_size = 0;  // refuse a stream that expands beyond this many bytes; 0: no limit
};

// Reads a tar (plain, gzip, zstd, xz or bzip2, detected automatically) from `fd` and extracts it
// into `dest` (an existing, empty directory) as an overlayfs layer, in one pass that also hashes
// the uncompressed stream (on another core; a compressed stream is also inflated on its own
// thread, so inflating, hashing and writing files overlap):
//  - `.wh.NAME` becomes a 0/0 character device NAME; `.wh..wh..opq` in D sets
//    trusted.overlay.opaque=y on D; other `.wh..wh.*` entries are ignored;
//  - ownership (numeric), modes incl. setuid, mtimes, xattrs, hardlinks, symlinks, devices, fifos kept;
//  - later entries replace earlier ones (unless both are directories);
//  - names are made relative ("/etc/x", "./etc/x" -> "etc/x").
// Throws Errc::invalid_argument (one line naming the entry) for `..` in a name or hardlink target, a
// path through a symlink, a missing hardlink target, an xattr trusted.overlay.*, a corrupt or
// truncated stream, a stream beyond max_tar_size. Nothing is ever written outside `dest`; on error
// the caller removes `dest`.
ExtractResult extract_layer(int fd, const std::filesystem::path& dest, const ExtractOptions& opts = {});

// The input as a function: sets *buf to the next bytes and returns their count, 0 at the end;
// may throw (the error reaches the caller of extract_layer unchanged).
using ReadFn = std::function<size_t(const void** buf)>;
ExtractResult extract_layer(const ReadFn& read, const std::filesystem::path& dest, const ExtractOptions& opts = {});

}  // namespace strata::archive
