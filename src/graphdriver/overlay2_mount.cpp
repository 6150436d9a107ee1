// Overlay2: mounting (Docker's Get/Put). Options use relative l/<link> lowers, resolved with the
// driver home as cwd, so ~140 layers fit in mount(2)'s page; deeper stacks use the new mount API.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "common/fs.h"
#include "graphdriver/layer_util.h"
#include "graphdriver/overlay2.h"

namespace strata::graphdriver {

std::filesystem::path Overlay2::mount(const std::string& id, const MountOptions& o) {
  auto d = dir(id);
  if (!exists(id)) throw Error(Errc::not_found, "no such layer: " + id);
  auto merged = d / "merged";
  std::string lower = detail::read_optional(d / "lower");
  struct stat st {};
  bool rw = ::lstat((d / "work").c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  std::string opts = option_prefix_;
  if (rw) {
    if (lower.empty()) throw Error(Errc::system, "layer " + id + ": read-write layer without lower layers");
    opts += "lowerdir=" + lower + ",upperdir=" + id + "/diff,workdir=" + id + "/work";
    if (o.volatile_upper) opts += ",volatile";
    if (o.read_only) opts += ",ro";
    // A volatile mount leaves work/work/incompat/volatile, which makes every later mount fail
    // ("overlay with incompat feature"); the upper was not synced, which is all it means.
    fs::remove_all(d / "work" / "work" / "incompat");
  } else if (lower.empty()) {
    return d / "diff";  // a base image layer: overlayfs needs 2 lowers without an upper (Docker's Get)
  } else {
    // An image layer: its own diff on top of its lowers, read-only.
    opts += "lowerdir=l/" + fs::read_file(d / "link") + ":" + lower + ",ro";
  }
  if (::mkdir(merged.c_str(), 0700) != 0) {
    if (errno != EEXIST) throw_errno("mkdir " + merged.string());
    if (detail::is_mounted(merged)) return merged;
  }
  try {
    mounter_->mount_overlay(home_, opts, merged);
  } catch (...) {
    ::rmdir(merged.c_str());
    throw;
  }
  return merged;
}

void Overlay2::unmount(const std::string& id) {
  auto merged = dir(id) / "merged";
  struct stat st {};
  if (::lstat(merged.c_str(), &st) != 0) return;
  mounter_->unmount(merged);
  // rmdir also detaches copies of the mount that leaked into other mount namespaces. A merged
  // dir something wrote into while it was not mounted stays (Docker ignores this too): the
  // mount is gone, which is what unmount promises, and the next mount covers it.
  if (::rmdir(merged.c_str()) != 0 && errno != ENOENT && errno != ENOTEMPTY) throw_errno("rmdir " + merged.string());
}

}  // namespace strata::graphdriver
