// Copy-on-first-mount (Docker's CopyImagePathContent): when a volume is empty and its mount
// target exists in the container's filesystem, the target's content is copied into it.
#pragma once
#include <filesystem>
#include <string>

namespace strata::volume {

// Copies the directory `target` of the container filesystem mounted at `rootfs` into `dest`
// (a volume's _data) with owners, modes, times, xattrs, symlinks (not followed), hard links,
// devices and fifos; `dest` then takes the owner and mode of `target`. `target` is resolved
// inside `rootfs` (openat2 RESOLVE_IN_ROOT): a symlink in the image can never lead the copy to
// a host path. Copies nothing and returns false when `target` is missing or not a directory,
// or `dest` is not empty (Docker's rule).
bool copy_image_content(const std::filesystem::path& rootfs, const std::string& target,
                        const std::filesystem::path& dest);

}  // namespace strata::volume
