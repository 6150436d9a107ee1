#include "common/rootfs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/error.h"

namespace strata::rootfs {

namespace {
int openat2_in_root(int root_fd, const std::string& path, int flags, mode_t mode) {
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string rel = path.empty() ? "." : path;
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
    if (fd >= 0 || errno != EAGAIN) return static_cast<int>(fd);
  }
}
}  // namespace

UniqueFd open_in_root(const std::filesystem::path& root, const std::string& path, int flags, mode_t mode) {
  UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) throw_errno("open " + root.string());
  UniqueFd fd(openat2_in_root(root_fd.get(), path, flags, mode));
  if (!fd.valid()) {
    if (errno == ENOENT) throw Error(Errc::not_found, "no such file or directory: " + path);
    throw_errno("open " + path + " in container root");
  }
  return fd;
}

void mkdir_all_in_root(const std::filesystem::path& root, const std::string& path, mode_t mode) {
  UniqueFd cur(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!cur.valid()) throw_errno("open " + root.string());
  UniqueFd root_fd(::dup(cur.get()));
  std::string done;
  for (const auto& part : std::filesystem::path(path).relative_path()) {
    std::string name = part.string();
    if (name.empty() || name == ".") continue;
    done += "/" + name;
    // Resolve what we have so far inside the root (a component may be a symlink).
    int fd = openat2_in_root(root_fd.get(), done, O_PATH | O_DIRECTORY, 0);
    if (fd < 0 && errno == ENOENT) {
      // Create it in the already-resolved parent, then resolve again.
      std::string parent = done.substr(0, done.rfind('/'));
      UniqueFd pfd(openat2_in_root(root_fd.get(), parent, O_PATH | O_DIRECTORY, 0));
      if (!pfd.valid()) throw_errno("open " + parent + " in container root");
      if (::mkdirat(pfd.get(), name.c_str(), mode) != 0 && errno != EEXIST) throw_errno("mkdir " + done);
      fd = openat2_in_root(root_fd.get(), done, O_PATH | O_DIRECTORY, 0);
    }
    if (fd < 0) throw_errno("mkdir " + done + " in container root");
    cur.reset(fd);
  }
}

}  // namespace strata::rootfs
