// Small filesystem helpers shared by every layer of the library.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace strata::fs {

namespace stdfs = std::filesystem;

// Reads a whole file. Throws Errc::not_found if it does not exist.
std::string read_file(const stdfs::path& path);
// Writes data to a temporary file beside `path`, fsyncs it when `sync`,
// then renames it over `path`: readers see the old or the new content, never
// an empty or partial file (the crash behind Docker's "too many levels of
// symbolic links").
void write_file_atomic(const stdfs::path& path, std::string_view data, bool sync = true);
// fsyncs a directory so a rename or create inside it is durable.
void sync_dir(const stdfs::path& dir);
// Removes a tree without following symlinks; a missing path is not an error.
void remove_all(const stdfs::path& path);
// Removes whole trees (missing ones are fine) with their unlinks issued from parallel threads:
// where every freed block costs a synchronous discard, that is 4-5x faster (fs_remove.cpp).
void remove_trees(const std::vector<stdfs::path>& roots);
// True if `path` is a mount point (its device differs from its parent's, or
// it appears in /proc/self/mountinfo).
bool is_mount_point(const stdfs::path& path);

// An executable called `name` in $PATH or, as root's non-login shells may lack them, in the
// standard sbin/bin dirs; "" if none. An absolute `name` is returned as it is.
stdfs::path find_executable(const stdfs::path& name);

}  // namespace strata::fs
