#include "archive/safe_path.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"

namespace strata::archive {

void refuse(std::string_view entry, std::string_view why) {
  throw Error(Errc::invalid_argument, "layer tar: entry \"" + std::string(entry) + "\": " + std::string(why));
}

std::string clean_name(std::string_view name, std::string_view entry, std::string_view role) {
  std::string out;
  size_t i = 0;
  while (i <= name.size()) {
    size_t j = name.find('/', i);
    if (j == std::string_view::npos) j = name.size();
    std::string_view part = name.substr(i, j - i);
    if (part == "..") {
      std::string why = "\"..\" is not allowed in " + std::string(role);
      refuse(entry, name == entry ? why : why + " (\"" + std::string(name) + "\")");
    }
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    i = j + 1;
  }
  return out;
}

std::pair<std::string, std::string> split_parent(const std::string& rel) {
  size_t slash = rel.rfind('/');
  if (slash == std::string::npos) return {"", rel};
  return {rel.substr(0, slash), rel.substr(slash + 1)};
}

namespace {

// One component at a time with O_NOFOLLOW: the fallback without openat2, and the creating walk.
UniqueFd walk(int root_fd, const std::string& rel, std::string_view entry, bool create) {
  UniqueFd cur(::openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!cur.valid()) throw_errno("open layer root");
  size_t i = 0;
  while (i < rel.size()) {
    size_t j = rel.find('/', i);
    if (j == std::string::npos) j = rel.size();
    const std::string part = rel.substr(i, j - i);
    i = j + 1;
    for (;;) {
      int fd = ::openat(cur.get(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        cur.reset(fd);
        break;
      }
      int err = errno;
      struct stat st {};
      if (err == ELOOP ||
          (::fstatat(cur.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)))
        refuse(entry, "path goes through a symlink");
      if (err == ENOTDIR && create) refuse(entry, "a parent is not a directory");
      if (err == ENOENT || err == ENOTDIR) {
        if (!create) return UniqueFd();
      } else {
        throw_errno("open " + rel, err);
      }
      if (::mkdirat(cur.get(), part.c_str(), 0755) != 0 && errno != EEXIST) throw_errno("mkdir " + rel);
    }
  }
  return cur;
}

}  // namespace

UniqueFd open_dir_beneath(int root_fd, const std::string& rel, std::string_view entry) {
  struct open_how how {};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const char* path = rel.empty() ? "." : rel.c_str();
  for (;;) {
    long fd = ::syscall(SYS_openat2, root_fd, path, &how, sizeof how);
    if (fd >= 0) return UniqueFd(static_cast<int>(fd));
    if (errno == EAGAIN || errno == EINTR) continue;
    if (errno == ELOOP) refuse(entry, "path goes through a symlink");
    if (errno == ENOENT || errno == ENOTDIR) return UniqueFd();
    if (errno == ENOSYS || errno == EPERM) return walk(root_fd, rel, entry, false);  // old kernel, seccomp
    throw_errno("open " + rel);
  }
}

UniqueFd make_dirs_beneath(int root_fd, const std::string& rel, std::string_view entry) {
  return walk(root_fd, rel, entry, true);
}

}  // namespace strata::archive
