// Directory and inode helpers for the diff walk (internal to graphdriver).
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/fd.h"

namespace strata::graphdriver::detail {

// The entries of a directory but "." and "..", sorted by bytewise name. Names live in one arena
// (NUL-terminated) and sort by an 8-byte big-endian prefix key first: 100k entries sort in ms.
class DirListing {
 public:
  DirListing(int dir_fd, const std::string& what);  // reads with getdents64. Throws.
  size_t size() const { return items_.size(); }
  const char* c_name(size_t i) const { return arena_.data() + items_[i].off; }
  std::string_view name(size_t i) const { return {c_name(i), items_[i].len}; }
  unsigned char type(size_t i) const { return items_[i].type; }  // d_type: DT_DIR, DT_CHR, DT_UNKNOWN...

 private:
  struct Item {
    uint64_t key;
    uint32_t off;
    uint16_t len;
    unsigned char type;
  };
  std::string arena_;
  std::vector<Item> items_;
};

// Opens `rel` below `dir_fd` as a directory, never following a symlink at the end. Throws.
UniqueFd open_dir(int dir_fd, const char* rel);
// fstatat without following symlinks; false if the name does not exist (ENOENT/ENOTDIR). Throws.
bool stat_at(int dir_fd, const char* rel, struct stat* st);

inline bool is_whiteout(const struct stat& st) { return S_ISCHR(st.st_mode) && st.st_rdev == 0; }
// Docker's statDifferent: mode/uid/gid/rdev; for non-dirs also size and mtime.
bool stat_different(const struct stat& old_st, const struct stat& new_st);
// trusted.overlay.opaque == "y" on an open directory.
bool is_opaque(int dir_fd);
// The security.capability xattr of `rel` below `dir_fd` ("" if none), symlinks not followed.
std::string capability(int dir_fd, std::string_view rel);

// One lower layer's copy of a directory, by layer root fd and relative path ("." for the root).
// Large directories are read once into a hash map: looking up many names costs one getdents pass
// plus one fstatat per name found, instead of one fstatat per name.
class LowerDir {
 public:
  enum Hit { absent, whiteout, present };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Names = std::unordered_map<std::string, unsigned char, Hash, std::equal_to<>>;

  LowerDir(int root_fd, std::string rel, bool map_names);
  // Looks `name` up; fills *st when present and st != nullptr.
  Hit find(std::string_view name, struct stat* st);
  const Names& names();  // every name with its d_type (reads the dir if not done yet)
  int root() const { return root_; }
  std::string child(std::string_view name) const;  // the name's path relative to the layer root

 private:
  void load();
  int root_;
  std::string rel_;
  bool mapped_ = false;
  Names names_;
};

}  // namespace strata::graphdriver::detail
