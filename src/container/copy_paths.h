// `cp` path rules, as Docker's pkg/archive/copy.go has them: where an archive of the source is
// extracted and what its top entry is renamed to, from what the source and destination are.
// Pure functions over path strings (Go's path semantics); no file is touched here.
#pragma once
#include <string>
#include <utility>

namespace strata::container::cp {

// Go's filepath.Clean: "a//b/./c/.." -> "a/b", "" -> ".", "/.." -> "/".
std::string clean(const std::string& path);
// Go's filepath.Join (clean of the parts joined by '/'; empty parts skipped).
std::string join(const std::string& a, const std::string& b);
// Go's filepath.Base / Dir of a cleaned path.
std::string base(const std::string& path);
std::string dir(const std::string& path);

// "a/." and "." name the directory's contents.
bool specifies_current_dir(const std::string& path);
// Ends with '/' or "/.": must be a directory.
bool asserts_directory(const std::string& path);
// Cleaned `cleaned` with original's trailing "/." or "/" put back (PreserveTrailingDotOrSeparator).
std::string preserve_trailing(const std::string& cleaned, const std::string& original);
// Docker's SplitPathDirEntry: ("/a/b/." -> "/a/b", "."), ("/a/b/" -> "/a", "b").
std::pair<std::string, std::string> split_dir_entry(const std::string& path);

struct CopyInfo {
  std::string path;
  bool exists = false, is_dir = false;
  std::string rebase_name;  // the name the source's top entry takes (cp -L of a symlink)
};

struct CopyPlan {
  std::string dst_dir;                  // extract here
  std::string rebase_from, rebase_to;   // rename the top entry (rebase_from "" = keep names)
};

// Docker's PrepareArchiveCopy. Throws Errc::invalid_argument "cannot copy directory" (a
// directory onto an existing file) or "no such directory" (a file to a missing "dir/").
CopyPlan prepare_archive_copy(const CopyInfo& src, const CopyInfo& dst);

// The name an entry takes after the top entry `from` is renamed `to` ("" when it is not under it).
std::string rebase(const std::string& name, const std::string& from, const std::string& to);

}  // namespace strata::container::cp
