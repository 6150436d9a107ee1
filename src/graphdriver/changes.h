// `docker diff`: the changes of one overlay upper dir over its lower layers, found by reading the
// upper directly (never mounting) and looking in the lowers only for the paths the upper holds.
#pragma once
#include <filesystem>
#include <functional>
#include <string_view>
#include <vector>

namespace strata::graphdriver {

// Calls out(kind, path) for each change of layer `upper` (a diff dir) over `lowers` (diff dirs,
// uppermost first), by Docker's rules (moby pkg/archive changes.go), comparing the container's view
// (upper over lowers) with the image's view (the lowers alone):
//  'A' absent in the image; every descendant of an added dir is 'A' too.
//  'D' deleted: a whiteout (0/0 char dev) over an image path, or an image child of a dir the upper
//      hides (opaque dir); only the topmost deleted path.
//  'C' changed: mode/uid/gid/rdev differ, or for non-dirs size or mtime (same second with 0 ns on one
//      side is equal), or the security.capability xattr differs; also an unchanged dir with changes
//      below it, reported before them. Dirs copied up without changes below are silent.
// The root is never reported. Order: parents before children, siblings by bytewise name, stable.
// Paths are absolute in the container ("/etc/passwd"). Symlinks are never followed.
// Throws strata::Error (not_found if `upper` is missing, system on I/O errors).
// Holds one fd per lower layer plus one per directory level while walking.
void walk_changes(const std::filesystem::path& upper, const std::vector<std::filesystem::path>& lowers,
                  const std::function<void(char kind, std::string_view path)>& out);

}  // namespace strata::graphdriver
