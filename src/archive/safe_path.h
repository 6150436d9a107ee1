// Untrusted tar names: normalisation and symlink-free lookups beneath the layer root.
#pragma once
#include <string>
#include <string_view>

#include "common/fd.h"

namespace strata::archive {

// Throws Errc::invalid_argument: `layer tar: entry "NAME": WHY`.
[[noreturn]] void refuse(std::string_view entry, std::string_view why);

// A tar name made relative and clean, like Docker does: leading "/" and "./", empty and "."
// components are dropped ("/etc//x/." -> "etc/x"); "" is the layer root. A ".." component is
// refused (Errc::invalid_argument naming `entry`, and `role`), whatever it would resolve to.
std::string clean_name(std::string_view name, std::string_view entry, std::string_view role = "a layer path");

// Splits a clean relative path into its parent ("" at top level) and last component.
std::pair<std::string, std::string> split_parent(const std::string& rel);

// Opens directory `rel` (clean, relative) beneath `root_fd` without following any symlink.
// Returns an invalid fd if a component does not exist or is not a directory (it can then only be
// created, as a real directory). Refuses (invalid_argument naming `entry`) if a component is a symlink.
UniqueFd open_dir_beneath(int root_fd, const std::string& rel, std::string_view entry);

// Like open_dir_beneath, but creates missing components (mode 0755) and returns a readable fd.
UniqueFd make_dirs_beneath(int root_fd, const std::string& rel, std::string_view entry);

}  // namespace strata::archive
