// Writes one tar entry at a time below a directory of a root (used by extract_tree).
#pragma once
#include <set>
#include <string>
#include <vector>

#include "archive/la_util.h"
#include "common/fd.h"
#include "container/copy_extract.h"

namespace strata::container::cp {

class EntryWriter {
 public:
  // `dir` is absolute in the root and must exist (as a directory, after resolving symlinks).
  EntryWriter(int root_fd, std::string dir, const ExtractOptions& o);
  void write(::archive* in, archive_entry* e);
  // Sets directory times (deferred, as writing children changes them).
  void finish();

 private:
  [[noreturn]] void refuse(const std::string& entry, const std::string& why) const;
  // `name` relative to dir ("" for dir itself), after cleaning, the checks and the rebase;
  // link_of: the entry whose hardlink target `name` is.
  std::string relative(const std::string& name, const std::string* link_of) const;
  UniqueFd parent_of(const std::string& rel, const std::string& entry);
  void clear_way(int parent, const std::string& base, const std::string& rel, bool is_dir);
  void make(::archive* in, archive_entry* e, int parent, const std::string& base, const std::string& rel);
  void metadata(archive_entry* e, int parent, const std::string& base, int fd, const std::string& entry);

  int root_;
  std::string dir_;  // clean, absolute in the root
  ExtractOptions o_;
  std::set<std::string> symlinks_;  // made by this tar (relative to dir_)
  std::vector<std::pair<std::string, struct timespec>> dir_times_;
  std::vector<char> buf_ = std::vector<char>(1 << 20);
};

}  // namespace strata::container::cp
