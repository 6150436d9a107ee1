// Volume sizes as Docker's `system df` and prune count them: the sizes of the regular
// files (and symlinks) under _data, each hard-linked file once; directories count nothing.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <set>

#include "common/error.h"
#include "volume/volume_service.h"

namespace strata::volume {

namespace {
int64_t dir_size(int dfd, std::set<std::pair<dev_t, ino_t>>& seen) {
  DIR* d = ::fdopendir(dfd);
  if (!d) {
    ::close(dfd);
    return 0;
  }
  int64_t total = 0;
  while (auto* e = ::readdir(d)) {
    if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
    struct stat st {};
    if (::fstatat(::dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      int sub = ::openat(::dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) total += dir_size(sub, seen);
      continue;
    }
    if (st.st_nlink > 1 && !seen.insert({st.st_dev, st.st_ino}).second) continue;
    total += st.st_size;
  }
  ::closedir(d);
  return total;
}
}  // namespace

int64_t directory_size(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return 0;
  std::set<std::pair<dev_t, ino_t>> seen;
  return dir_size(fd, seen);
}

int64_t VolumeService::size(const Volume& v) {
  if (!v.is_plugin()) return directory_size(v.mountpoint);
  try {  // Docker counts what the plugin's Path holds, when it is on this host
    return directory_size(driver(v.driver)->path(v.name));
  } catch (const Error&) {
    return 0;
  }
}

}  // namespace strata::volume
