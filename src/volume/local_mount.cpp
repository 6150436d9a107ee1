// Holders of volumes, the local driver's mounts (volumes made with --opt type/device/o) and
// copy-on-first-mount into a volume.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <cstring>

#include "common/error.h"
#include "common/fd.h"
#include "common/fs.h"
#include "common/id.h"
#include "mounts/rules.h"
#include "volume/volume_service.h"

namespace strata::volume {

namespace {
std::string go_errno(int err) {
  std::string s = std::strerror(err);
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// moby/sys/mount.Mount: the mount, then a read-only remount for binds, then propagation.
void mount_local(const Volume& v) {
  std::string type = v.options.value("type", ""), device = v.options.value("device", "");
  auto opts = mounts::parse_mount_options(v.options.value("o", ""));
  const unsigned long ptypes = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
  unsigned long flags = opts.flags & ~ptypes;
  unsigned long prop = (opts.flags & ptypes) ? opts.flags & (ptypes | MS_REC) : 0;
  auto fail = [&](unsigned long fl, int err) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "%lx", fl);
    std::string msg = "failed to mount local volume: mount " + device + ":" + v.mountpoint.string();
    if (fl) msg += ", flags: 0x" + std::string(hex);
    if (!opts.data.empty()) msg += ", data: " + opts.data;
    throw Error(Errc::system, msg + ": " + go_errno(err));
  };
  if (::mount(device.c_str(), v.mountpoint.c_str(), type.c_str(), flags, opts.data.c_str()) != 0) fail(flags, errno);
  if ((flags & MS_BIND) && (flags & MS_RDONLY)) {
    unsigned long re = MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC));
    if (::mount("", v.mountpoint.c_str(), "", re, nullptr) != 0) {
      int err = errno;
      ::umount2(v.mountpoint.c_str(), MNT_DETACH);
      fail(re, err);
    }
  }
  if (prop && ::mount("", v.mountpoint.c_str(), "", prop, nullptr) != 0) {
    int err = errno;
    ::umount2(v.mountpoint.c_str(), MNT_DETACH);
    fail(prop, err);
  }
}

}  // namespace

std::filesystem::path VolumeService::holders_dir(const std::string& name) const {
  return paths_.run_root / "volumes" / name;
}

namespace {
UniqueFd lock_holders(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::flock(fd.get(), LOCK_EX) != 0) throw_errno("lock " + dir.string());
  return fd;
}

bool has_holders(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::directory_iterator(dir, ec) != std::filesystem::directory_iterator();
}
}  // namespace

std::filesystem::path VolumeService::mount(const Volume& v, const std::string& holder) {
  auto dir = holders_dir(v.name);
  auto lock = lock_holders(dir);
  if (v.is_plugin()) return plugin_mount(v, dir / holder);
  if (v.has_options() && !fs::is_mount_point(v.mountpoint)) mount_local(v);
  fs::write_file_atomic(dir / holder, "", false);
  return v.mountpoint;
}

void VolumeService::unmount(const Volume& v, const std::string& holder) {
  auto dir = holders_dir(v.name);
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return;
  auto lock = lock_holders(dir);
  if (v.is_plugin()) return plugin_unmount(v, dir / holder);
  std::filesystem::remove(dir / holder, ec);
  if (has_holders(dir)) return;
  if (v.has_options() && fs::is_mount_point(v.mountpoint) && ::umount2(v.mountpoint.c_str(), MNT_DETACH) != 0)
    throw_errno("unmount " + v.mountpoint.string());
}

bool VolumeService::fill_if_empty(const Volume& v, const std::function<bool(const std::filesystem::path&)>& fill) {
  if (v.is_plugin()) return plugin_fill(v, fill);
  auto dir = holders_dir(v.name);
  auto lock = lock_holders(dir);
  bool in_place = has_holders(dir) || v.has_options();
  bool mounted_here = v.has_options() && !fs::is_mount_point(v.mountpoint);
  if (mounted_here) mount_local(v);
  if (in_place) {
    bool done = false;
    try {
      done = std::filesystem::is_empty(v.mountpoint) && fill(v.mountpoint);
    } catch (...) {
      if (mounted_here) ::umount2(v.mountpoint.c_str(), MNT_DETACH);
      throw;
    }
    if (mounted_here) ::umount2(v.mountpoint.c_str(), MNT_DETACH);
    return done;
  }
  if (!std::filesystem::is_empty(v.mountpoint)) return false;
  auto tmp = paths_.tmp() / ("volume-copy-" + random_hex(8));
  std::filesystem::create_directory(tmp);
  try {
    if (!fill(tmp)) {
      fs::remove_all(tmp);
      return false;
    }
    // rename(2) replaces an empty directory atomically; ENOTEMPTY: someone wrote first.
    if (::rename(tmp.c_str(), v.mountpoint.c_str()) != 0) {
      if (errno != ENOTEMPTY && errno != EEXIST) throw_errno("rename into " + v.mountpoint.string());
      fs::remove_all(tmp);
      return false;
    }
  } catch (...) {
    fs::remove_all(tmp);
    throw;
  }
  return true;
}

}  // namespace strata::volume
