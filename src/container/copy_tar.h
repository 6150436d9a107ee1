// A file or directory tree -> tar entries, for `cp` and the build's COPY/ADD. The tree is walked
// with *at() calls from an open directory and never through a symlink, so a tree that changes
// under us (a running container) can only give its own files.
#pragma once
#include <functional>
#include <string>

namespace strata::archive {
class TarStream;
}

namespace strata::container::cp {

enum class Verdict { include, skip, skip_but_descend };

struct TreeTarOptions {
  // Content hashing (the build cache): mtimes 0 and ownership 0:0, so only content, names,
  // modes and link targets count.
  bool for_hash = false;
  // Called with each path below the start ("" for the start itself is not asked), relative,
  // e.g. "sub/file": skipped paths are left out; skip_but_descend leaves a directory's own
  // entry out but walks its children (a .dockerignore exception may want one).
  std::function<Verdict(const std::string& rel, bool is_dir)> filter;
};

// Writes `name` (an entry of directory `parent_fd`; "." for that directory itself) and, for a
// directory, everything below it, as entries named `tar_name`, `tar_name/child`, … ("." gives
// "./", "./child" like Docker). Symlinks are stored, never followed; sockets skipped; hardlinks
// within the tree become link entries. Throws Errc::not_found if `name` does not exist.
void write_tree(archive::TarStream& out, int parent_fd, const std::string& name, const std::string& tar_name,
                const TreeTarOptions& o = {});

}  // namespace strata::container::cp
