#include "container/copy_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/error.h"
#include "container/copy_paths.h"

namespace strata::container::cp {

int open_in(int root_fd, const std::string& path, int flags, mode_t mode) {
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? mode : 0;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  std::string rel = clean("/" + path).substr(1);
  if (rel.empty()) rel = ".";
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, rel.c_str(), &how, sizeof how);
    if (fd >= 0 || (errno != EAGAIN && errno != EINTR)) return static_cast<int>(fd);
  }
}

UniqueFd open_dir_in(int root_fd, const std::string& path) {
  return UniqueFd(open_in(root_fd, path, O_PATH | O_DIRECTORY));
}

UniqueFd mkdir_all_in(int root_fd, const std::string& path, mode_t mode, const Owner& owner) {
  std::string done;
  UniqueFd cur(open_in(root_fd, "/", O_PATH | O_DIRECTORY));
  if (!cur.valid()) throw_errno("open root");
  std::string rel = clean("/" + path);
  size_t i = 1;
  while (i < rel.size()) {
    size_t j = rel.find('/', i);
    if (j == std::string::npos) j = rel.size();
    std::string name = rel.substr(i, j - i);
    i = j + 1;
    done += "/" + name;
    UniqueFd next(open_in(root_fd, done, O_PATH | O_DIRECTORY));
    if (!next.valid() && errno == ENOENT) {
      // Made in the directory already resolved (a component may be a symlink), then resolved again.
      if (::mkdirat(cur.get(), name.c_str(), mode) == 0) {
        if (owner && ::fchownat(cur.get(), name.c_str(), owner->first, owner->second, AT_SYMLINK_NOFOLLOW) != 0)
          throw_errno("chown " + done);
      } else if (errno != EEXIST) {
        throw_errno("mkdir " + done);
      }
      next.reset(open_in(root_fd, done, O_PATH | O_DIRECTORY));
    }
    if (!next.valid()) {
      if (errno == ENOTDIR) throw Error(Errc::invalid_argument, "mkdir " + done + ": not a directory");
      throw_errno("mkdir " + done);
    }
    cur = std::move(next);
  }
  return cur;
}

void remove_tree_at(int parent_fd, const std::string& name) {
  if (::unlinkat(parent_fd, name.c_str(), 0) == 0 || errno == ENOENT) return;
  if (errno != EISDIR && errno != EPERM) throw_errno("remove " + name);
  UniqueFd d(::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!d.valid()) throw_errno("open " + name);
  std::vector<std::string> children;
  DIR* dir = ::fdopendir(::dup(d.get()));
  if (!dir) throw_errno("opendir " + name);
  while (dirent* de = ::readdir(dir)) {
    std::string n = de->d_name;
    if (n != "." && n != "..") children.push_back(n);
  }
  ::closedir(dir);
  for (auto& c : children) remove_tree_at(d.get(), c);
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT) throw_errno("remove " + name);
}

std::string path_in_root(const std::string& root_path, int fd) {
  char buf[4096];
  ssize_t n = ::readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), buf, sizeof buf - 1);
  if (n < 0) return "";
  std::string p(buf, static_cast<size_t>(n));
  std::string root = clean(root_path);
  if (p == root) return "/";
  if (p.compare(0, root.size() + 1, root + "/") != 0) return "";
  return p.substr(root.size());
}

}  // namespace strata::container::cp
