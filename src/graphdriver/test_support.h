// Helpers for the graphdriver tests only: a scratch dir that unmounts whatever was mounted below it,
// and builders for layer trees (files, whiteouts, opaque dirs).
#pragma once
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/fs.h"
#include "common/id.h"

namespace strata::graphdriver::test {

namespace stdfs = std::filesystem;

// Mount points at or below `dir`, from /proc/self/mountinfo, deepest last.
inline std::vector<std::string> mounts_under(const stdfs::path& dir, std::string* options = nullptr) {
  std::ifstream in("/proc/self/mountinfo");
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string id, parent, dev, root, point;
    f >> id >> parent >> dev >> root >> point;
    if (point == dir.string() || point.rfind(dir.string() + "/", 0) == 0) {
      out.push_back(point);
      if (options) *options += line + "\n";
    }
  }
  return out;
}

// A scratch directory; its destructor detaches every mount below it before removing it.
struct ScratchDir {
  stdfs::path path = stdfs::temp_directory_path() / ("strata-gd-" + random_hex(6));
  ScratchDir() { stdfs::create_directories(path); }
  ~ScratchDir() {
    for (int round = 0; round < 3; ++round) {
      auto m = mounts_under(path);
      for (auto it = m.rbegin(); it != m.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
    }
    fs::remove_all(path);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
};

inline void put(const stdfs::path& p, const std::string& content = "", mode_t mode = 0644) {
  stdfs::create_directories(p.parent_path());
  std::ofstream(p) << content;
  ::chmod(p.c_str(), mode);
}
inline void mkdirs(const stdfs::path& p, mode_t mode = 0755) {
  stdfs::create_directories(p);
  ::chmod(p.c_str(), mode);
}
inline void whiteout(const stdfs::path& p) {
  stdfs::create_directories(p.parent_path());
  if (::mknod(p.c_str(), S_IFCHR, makedev(0, 0)) != 0) throw std::runtime_error("mknod " + p.string());
}
inline void opaque(const stdfs::path& dir) {
  mkdirs(dir);
  if (::setxattr(dir.c_str(), "trusted.overlay.opaque", "y", 1, 0) != 0) throw std::runtime_error("setxattr");
}
// Copies a file or dir node (not a dir's content) keeping mode, owner and times, like copy-up.
inline void copy_up(const stdfs::path& from, const stdfs::path& to) {
  struct stat st {};
  ::lstat(from.c_str(), &st);
  if (S_ISDIR(st.st_mode)) {
    mkdirs(to, st.st_mode & 07777);
  } else {
    stdfs::create_directories(to.parent_path());
    stdfs::copy_file(from, to, stdfs::copy_options::overwrite_existing);
  }
  ::lchown(to.c_str(), st.st_uid, st.st_gid);
  ::chmod(to.c_str(), st.st_mode & 07777);
  struct timespec t[2] = {st.st_atim, st.st_mtim};
  ::utimensat(AT_FDCWD, to.c_str(), t, AT_SYMLINK_NOFOLLOW);
}
inline struct stat lstat_of(const stdfs::path& p) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) st.st_mode = 0;
  return st;
}

}  // namespace strata::graphdriver::test
