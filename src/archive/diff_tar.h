// Layer directories -> tars (for commit and export).
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace strata::archive {

struct TarResult {
  std::string digest;         // "sha256:<hex>" of the bytes written
  uint64_t size;              // bytes written
  uint64_t content_size = 0;  // bytes of regular file data and symlink targets in it (write_tar)
};

// Writes `dir` (an overlayfs upper dir, or a plain rootfs when `overlay_whiteouts` is false) to
// `fd` as an uncompressed PAX tar, hashing while streaming. Entries are named like Docker's
// ("etc/", "etc/passwd"; the root itself is not included), sorted by name per directory with
// parents first; uid/gid numeric; mtimes in whole seconds; hardlinks (same dev/ino) as link entries;
// xattrs kept except trusted.overlay.*; sockets skipped. With `overlay_whiteouts`, a 0/0 character
// device NAME becomes `.wh.NAME` (regular, mode 0600, empty) and a directory with
// trusted.overlay.opaque=y gets an extra `DIR/.wh..wh..opq` entry right after it.
TarResult write_tar(const std::filesystem::path& dir, int fd, bool overlay_whiteouts);

struct TarOptions {
  bool overlay_whiteouts = false;
  bool digest = true;  // false: TarResult::digest is "" (export: nobody needs it; saves a core)
  // If set: every entry is also recreated beneath this existing, empty directory, in the same pass
  // (see TreeCopy), so that write_tar of the copy gives the same bytes. Whiteouts stay 0/0
  // devices and opaque dirs keep trusted.overlay.opaque there.
  std::filesystem::path copy_to;
  // If set: the tar goes through this function instead of `fd`.
  std::function<void(const void*, size_t)> out;
};
// As above; `fd` < 0 writes nothing (commit only needs the digest).
TarResult write_tar(const std::filesystem::path& dir, int fd, const TarOptions& opts);

}  // namespace strata::archive
