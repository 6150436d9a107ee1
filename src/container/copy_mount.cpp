#include "container/copy_mount.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <thread>

#include "common/error.h"
#include "container/container_mounts.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"

namespace strata::container {

void RootView::check_writable(const std::string& path) const {
  const CopyMount* best = nullptr;
  for (auto& m : mounts) {
    std::string d = cp::clean(m.destination);
    bool under = d == "/" || path == d || path.starts_with(d + "/");
    if (under && (!best || d.size() > cp::clean(best->destination).size())) best = &m;
  }
  if (best && !best->rw) throw Error(Errc::conflict, "mounted volume is marked read-only");
  if (!best && read_only) throw Error(Errc::conflict, "container rootfs is marked read-only");
}

std::vector<CopyMount> copy_mounts(const Container& c, const Paths& paths, store::Db& db) {
  std::vector<CopyMount> out;
  for (auto& m : mount_points(db, c.id))
    if (m.type != mounts::Type::tmpfs && !m.source.empty()) out.push_back({m.destination, m.source, m.rw});
  auto dir = paths.container_dir(c.id);
  for (auto* f : {"hosts", "hostname", "resolv.conf"})
    if (std::filesystem::exists(dir / f)) out.push_back({std::string("/etc/") + f, dir / f, true});
  // Parents before children, so a volume inside another is mounted on top of it.
  std::stable_sort(out.begin(), out.end(), [](const CopyMount& a, const CopyMount& b) {
    return cp::clean(a.destination).size() < cp::clean(b.destination).size();
  });
  return out;
}

void in_private_mount_ns(const std::function<void()>& fn) {
  std::exception_ptr err;
  std::thread t([&] {
    try {
      if (::unshare(CLONE_FS) != 0) throw_errno("unshare(CLONE_FS)");
      if (::unshare(CLONE_NEWNS) != 0) throw_errno("unshare(CLONE_NEWNS)");
      if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) throw_errno("make mounts private");
      fn();
    } catch (...) {
      err = std::current_exception();
    }
  });
  t.join();
  if (err) std::rethrow_exception(err);
}

void bind_mount_points(int root_fd, const std::vector<CopyMount>& mounts) {
  for (auto& m : mounts) {
    struct stat st {};
    if (::stat(m.source.c_str(), &st) != 0) continue;  // a volume removed meanwhile: nothing to show
    UniqueFd target;
    if (S_ISDIR(st.st_mode)) {
      target = cp::mkdir_all_in(root_fd, m.destination, 0755, std::nullopt);
    } else {
      cp::mkdir_all_in(root_fd, cp::dir(cp::clean("/" + m.destination)), 0755, std::nullopt);
      target.reset(cp::open_in(root_fd, m.destination, O_PATH | O_NOFOLLOW));
      if (!target.valid()) {
        UniqueFd made(cp::open_in(root_fd, m.destination, O_WRONLY | O_CREAT | O_NOFOLLOW, 0644));
        target.reset(cp::open_in(root_fd, m.destination, O_PATH | O_NOFOLLOW));
      }
      if (!target.valid()) throw_errno("mount point " + m.destination);
    }
    UniqueFd tree(::open_tree(AT_FDCWD, m.source.c_str(), OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE));
    if (!tree.valid()) throw_errno("open_tree " + m.source.string());
    if (!m.rw) {
      struct mount_attr attr {};
      attr.attr_set = MOUNT_ATTR_RDONLY;
      if (::mount_setattr(tree.get(), "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) != 0)
        throw_errno("read-only " + m.destination);
    }
    if (::move_mount(tree.get(), "", target.get(), "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
      throw_errno("mount " + m.destination);
  }
}

}  // namespace strata::container
