// Recreates, beneath a new layer directory, the entries write_tar walks: how commit turns a
// container's upper dir into an image layer while hashing its tar in the same pass (one read of
// the data, no tar written to disk and unpacked again, as Docker does).
#pragma once
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "archive/la_util.h"
#include "common/fd.h"
#include "common/out_file.h"

namespace strata::archive {

class TreeCopy {
 public:
  // `dest`: an existing, empty directory.
  explicit TreeCopy(const std::filesystem::path& dest);

  // Creates `name` in the current directory like the source described by `st` (an overlay
  // whiteout stays a 0/0 character device) with owner, mode, times and the xattrs of `e` (the tar
  // entry: overlay xattrs already dropped); `opaque` sets trusted.overlay.opaque=y. A regular file
  // stays open for data() until end_file().
  void add(const std::string& name, const struct stat& st, archive_entry* e, bool opaque);
  // A second name for the file first copied as `first_rel` (relative to dest).
  void link(const std::string& first_rel, const std::string& name);
  void data(const void* buf, size_t len);
  // Pads/cuts the file to st.st_size (what the tar says), then sets owner, mode, xattrs, times.
  void end_file();
  // Descends into directory `name` (just added) / leaves it, setting its times last.
  void enter(const std::string& name);
  void leave();

 private:
  int cur_dir() const { return dirs_.back().fd.get(); }
  using Xattrs = std::vector<std::pair<std::string, std::string>>;
  // Owner, then mode (chown clears setuid bits), then xattrs (a write or chown clears
  // security.capability), then times. By fd when `fd` >= 0, else by name in the current dir.
  void set_meta(int fd, const std::string& name, const struct stat& st, const Xattrs& xattrs, bool times);

  struct Dir {
    UniqueFd fd;
    struct stat st;
  };
  UniqueFd root_;
  std::vector<Dir> dirs_;
  Dir pending_;  // the directory add() made last, for enter()
  UniqueFd file_;
  std::unique_ptr<OutFile> out_;  // O_DIRECT for large files: see add()
  std::string file_name_;
  struct stat file_st_ {};
  uint64_t file_written_ = 0;
  Xattrs file_xattrs_;
};

}  // namespace strata::archive
