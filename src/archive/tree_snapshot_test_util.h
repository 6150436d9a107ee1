// Test-only: temporary directories and a comparable description of a directory tree.
#pragma once
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/fs.h"
#include "common/id.h"

namespace strata::archive::testing {

class TempDir {
 public:
  TempDir() : path_(std::filesystem::temp_directory_path() / ("strata-archive-" + random_hex(6))) {
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

// lstat that must succeed (an all-zero stat otherwise, which no check expects).
inline struct stat lstat_of(const std::filesystem::path& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return st;
}

// The value of xattr `name` of `p` (not following symlinks), or "<none>".
inline std::string xattr(const std::filesystem::path& p, const char* name) {
  char buf[4096];
  ssize_t n = ::lgetxattr(p.c_str(), name, buf, sizeof buf);
  return n < 0 ? "<none>" : std::string(buf, static_cast<size_t>(n));
}

// "name=value;..." of a path's xattrs, sorted, without following symlinks.
inline std::string xattrs_of(const std::filesystem::path& p) {
  std::string list(65536, '\0');
  ssize_t n = ::llistxattr(p.c_str(), list.data(), list.size());
  std::vector<std::string> names;
  for (ssize_t i = 0; i < n; i += static_cast<ssize_t>(names.back().size()) + 1) names.emplace_back(&list[i]);
  std::sort(names.begin(), names.end());
  std::string out;
  for (const std::string& name : names) {
    std::string v(65536, '\0');
    ssize_t len = ::lgetxattr(p.c_str(), name.c_str(), v.data(), v.size());
    out += name + "=" + v.substr(0, len < 0 ? 0 : len) + ";";
  }
  return out;
}

// One line per path under `dir` (relative; "." for dir itself, without its mtime): type, mode, owner,
// mtime, link count, content digest, link target, device numbers, xattrs, and hardlink group.
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  std::vector<std::filesystem::path> paths{dir};
  for (auto& e : std::filesystem::recursive_directory_iterator(dir)) paths.push_back(e.path());
  std::map<std::pair<dev_t, ino_t>, std::string> first;
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::string rel = p == dir ? "." : p.lexically_relative(dir).string();
    struct stat st {};
    ::lstat(p.c_str(), &st);
    std::string d = "mode=" + std::to_string(st.st_mode) + " uid=" + std::to_string(st.st_uid) +
                    " gid=" + std::to_string(st.st_gid) + " xattrs=" + xattrs_of(p);
    if (rel != ".") d += " mtime=" + std::to_string(st.st_mtim.tv_sec);
    if (S_ISREG(st.st_mode)) d += " data=" + sha256_digest(fs::read_file(p));
    if (S_ISLNK(st.st_mode)) d += " target=" + std::filesystem::read_symlink(p).string();
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
      d += " dev=" + std::to_string(major(st.st_rdev)) + "," + std::to_string(minor(st.st_rdev));
    if (!S_ISDIR(st.st_mode)) {
      d += " nlink=" + std::to_string(st.st_nlink);
      auto [it, inserted] = first.try_emplace({st.st_dev, st.st_ino}, rel);
      if (!inserted) d += " same-as=" + it->second;
    }
    out[rel] = d;
  }
  return out;
}

}  // namespace strata::archive::testing
