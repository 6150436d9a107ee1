// Building blocks of `cp` (container/copy.cpp) and the build's COPY: what a path in a container
// is, and a tar producer/consumer pair joined by a pipe.
#pragma once
#include <functional>
#include <string>

#include "common/fd.h"
#include "container/copy_mount.h"

namespace strata::container::cp {

struct Source {
  UniqueFd parent;    // the directory holding it (O_PATH), symlinks resolved in the root
  std::string name;   // its name there; "." when the path names a directory as a whole
  bool is_dir = false, is_link = false;
  std::string path;   // absolute in the container, as asked
};

// Docker's ResolvePath + StatPath: `abs` (absolute in the container) with its parents' symlinks
// resolved in the root and the last component not followed, unless `abs` ends in "/" or "/.".
// Throws Errc::not_found "Could not find the file <shown> in container <ref>".
Source stat_in(const RootView& r, const std::string& abs, const std::string& shown, const std::string& ref);

// Where symlink `abs` leads, every link followed in the root ("/etc/passwd"); "" if nowhere.
std::string resolve_in(const RootView& r, const std::string& abs);

// Runs produce(write end) on a thread (SIGPIPE blocked) and consume(read end) here; rethrows
// the error that came first (a producer's failure explains the consumer's truncated stream).
void pipe_copy(const std::function<void(int)>& produce, const std::function<void(int)>& consume);

}  // namespace strata::container::cp
