// start/stop/rm/inspect side of a container's mounts.
#include "container/container_mounts.h"

#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "common/fd.h"
#include "common/rootfs.h"
#include "graphdriver/overlay2.h"
#include "mounts/mount_point_store.h"
#include "mounts/rules.h"
#include "volume/copy_up.h"
#include "volume/volume_service.h"

namespace strata::container {

using mounts::MountPoint;
using mounts::Type;

std::vector<MountPoint> mount_points(store::Db& db, const std::string& id) {
  return mounts::MountPointStore(db).list(id);
}

namespace {
bool image_has_dir(const std::filesystem::path& rootfs, const std::string& dest) {
  try {
    rootfs::open_in_root(rootfs, dest, O_PATH | O_DIRECTORY);
    return true;
  } catch (const Error&) {
    return false;
  }
}
}  // namespace

void fill_volumes(const std::vector<MountPoint>& points, graphdriver::Overlay2& driver, const std::string& mount_id,
                  volume::VolumeService& volumes) {
  auto wanted = [](const MountPoint& p) { return p.type == Type::volume && p.copy_data; };
  if (std::none_of(points.begin(), points.end(), wanted)) return;
  // Read-only: nothing can change the layer, and its unmount has nothing to sync.
  auto rootfs = driver.mount(mount_id, {.volatile_upper = false, .read_only = true});
  try {
    for (auto& p : points) {
      if (!wanted(p)) continue;
      auto v = volumes.get(p.name);
      // Docker mounts a plugin's volume for the copy only when there is something to copy.
      if (v.is_plugin() && !image_has_dir(rootfs, p.destination)) continue;
      volumes.fill_if_empty(v, [&](const std::filesystem::path& dir) {
        return volume::copy_image_content(rootfs, p.destination, dir);
      });
    }
  } catch (...) {
    driver.unmount(mount_id);
    throw;
  }
  driver.unmount(mount_id);
}

namespace {
// Who holds a volume: the container, or for a plugin's volume the container's mount point
// (each mount point is its own Mount/Unmount pair with the plugin, as in Docker).
std::string holder(const Container& c, const MountPoint& p, const volume::Volume& v) {
  if (!v.is_plugin()) return c.id;
  uint64_t h = 1469598103934665603ull;  // FNV-1a of the destination: stable across runs
  for (unsigned char ch : p.destination) h = (h ^ ch) * 1099511628211ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return c.id + "-" + buf;
}

// Where `dest` leads inside the root, symlinks followed as if the root were "/" even where
// they dangle (filepath-securejoin's rule, which runc applies to mount destinations): the
// missing part is then made there, inside the root, never outside it.
std::string resolve_in_root(const std::filesystem::path& rootfs, const std::string& dest) {
  std::string done, rest = mounts::clean_path("/" + dest);
  for (int links = 0; rest != "/" && !rest.empty();) {
    auto slash = rest.find('/', 1);
    std::string part = rest.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
    rest = slash == std::string::npos ? "" : rest.substr(slash);
    std::string sub = mounts::clean_path(done + "/" + part);
    struct stat st {};
    UniqueFd fd;
    try {
      fd = rootfs::open_in_root(rootfs, sub, O_PATH | O_NOFOLLOW);
    } catch (const Error& e) {
      if (e.code() != Errc::not_found) throw;
    }
    if (!fd.valid() || ::fstat(fd.get(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      done = sub;
      continue;
    }
    if (++links > 255) throw Error(Errc::invalid_argument, "too many levels of symbolic links: " + dest);
    char buf[4096];
    ssize_t n = ::readlinkat(fd.get(), "", buf, sizeof buf - 1);
    if (n < 0) throw_errno("readlink " + sub);
    std::string target(buf, static_cast<size_t>(n));
    if (!target.empty() && target[0] == '/') done.clear();
    rest = mounts::clean_path("/" + target + rest);
    if (rest == "/") rest.clear();
  }
  return done.empty() ? "/" : done;
}

// The mount point in the container's writable layer: a directory, or an empty file for a file
// bind. Resolved inside the root, so a symlink in the image cannot make it land on the host;
// an existing path (or symlink to one) is used as it is, as runc will.
void make_target(const std::filesystem::path& rootfs, const std::string& dest, bool dir) {
  try {
    rootfs::open_in_root(rootfs, dest, O_PATH);
    return;
  } catch (const Error& e) {
    if (e.code() != Errc::not_found) throw;
  }
  std::string path = resolve_in_root(rootfs, dest);
  if (dir) return rootfs::mkdir_all_in_root(rootfs, path);
  auto parent = std::filesystem::path(path).parent_path().string();
  rootfs::mkdir_all_in_root(rootfs, parent);
  auto pfd = rootfs::open_in_root(rootfs, parent, O_PATH | O_DIRECTORY);
  std::string name = std::filesystem::path(path).filename();
  int fd = ::openat(pfd.get(), name.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0755);
  if (fd < 0) throw_errno("create mount point " + dest);
  ::close(fd);
}
}  // namespace

std::vector<runtime::MountSpec> start_mounts(const Container& c, const std::filesystem::path& rootfs, store::Db& db,
                                             volume::VolumeService& volumes) {
  auto points = mount_points(db, c.id);
  if (c.host_config.contains("Tmpfs") && c.host_config["Tmpfs"].is_object())
    for (auto& [dest, data] : c.host_config["Tmpfs"].items()) {
      MountPoint t;
      t.type = Type::tmpfs;
      t.destination = mounts::clean_path(dest);
      t.tmpfs_options = mounts::merge_tmpfs_options(mounts::split(data.get<std::string>(), ','));
      points.push_back(t);
    }
  mounts::sort_for_mounting(points);
  std::vector<std::pair<volume::Volume, std::string>> held;
  std::vector<runtime::MountSpec> out;
  try {
    for (auto& p : points) {
      bool dir = true;
      if (p.type == Type::volume) {
        auto v = volumes.get(p.name);
        auto who = holder(c, p, v);
        p.source = volumes.mount(v, who).string();
        held.emplace_back(v, who);
      } else if (p.type == Type::bind) {
        struct stat st {};
        if (::stat(p.source.c_str(), &st) != 0) {
          if (!p.create_source)
            throw Error(Errc::invalid_argument, "invalid mount config for type \"bind\": bind source path does not exist: " + p.source);
          std::filesystem::create_directories(p.source);  // -v creates a missing host directory
        } else {
          dir = S_ISDIR(st.st_mode);
        }
      }
      make_target(rootfs, p.destination, dir);
      out.push_back({p.destination, p.type == Type::tmpfs ? "tmpfs" : "bind", p.type == Type::tmpfs ? "tmpfs" : p.source,
                     mounts::oci_options(p)});
    }
  } catch (const Error&) {
    for (auto& [v, who] : held) volumes.unmount(v, who);
    throw;
  } catch (const std::exception& e) {  // the caller cleans up after strata::Error only
    for (auto& [v, who] : held) volumes.unmount(v, who);
    throw Error(Errc::system, e.what());
  }
  return out;
}

void add_mounts(std::vector<runtime::MountSpec>& to, std::vector<runtime::MountSpec> mounts) {
  std::erase_if(to, [&](const runtime::MountSpec& d) {
    return std::any_of(mounts.begin(), mounts.end(), [&](auto& m) { return m.destination == d.destination; });
  });
  to.insert(to.end(), mounts.begin(), mounts.end());
  auto depth = [](const std::string& p) { return std::count(p.begin(), p.end(), '/'); };
  std::stable_sort(to.begin(), to.end(), [&](auto& a, auto& b) { return depth(a.destination) < depth(b.destination); });
}

void release_mounts(const Container& c, store::Db& db, volume::VolumeService& volumes) {
  for (auto& p : mount_points(db, c.id))
    if (p.type == Type::volume)
      if (auto v = volumes.find(p.name)) volumes.unmount(*v, holder(c, p, *v));
}

std::vector<std::string> anonymous_volumes(store::Db& db, const std::string& id) {
  std::vector<std::string> out;
  for (auto& p : mount_points(db, id))
    if (p.type == Type::volume && p.anonymous) out.push_back(p.name);
  return out;
}

Json inspect_mounts(store::Db& db, const std::string& id) {
  Json out = Json::array();
  for (auto& p : mount_points(db, id)) out.push_back(mounts::docker_json(p));
  return out;
}

}  // namespace strata::container
