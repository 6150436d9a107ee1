// `cp` between a container and the host, with Docker's rules (see copy_paths.h), on running and
// stopped containers, through the container's volumes; every container path resolved in its root.
#pragma once
#include <string>

namespace strata::container {

struct CopyOptions {
  bool follow_link = false;   // -L: copy what a symlink source points to
  bool copy_uid_gid = false;  // -a: files get the container user's uid/gid (when it has a User)
  int in_fd = 0;              // the tar read for "cp - CONTAINER:DEST"
  int out_fd = 1;             // the tar written for "cp CONTAINER:SRC -"
};

// "CONTAINER:PATH" -> {CONTAINER, PATH}; a local path ("/x", "./a:b", "a") gives {"", arg}.
std::pair<std::string, std::string> split_cp_arg(const std::string& arg);

}  // namespace strata::container
