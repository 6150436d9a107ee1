#include "container/copy_host.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/error.h"

namespace strata::container::cp {

namespace {
// Go's wording: "stat /x/: not a directory".
[[noreturn]] void fail(const char* op, const std::string& path, int err) {
  std::string why = std::strerror(err);
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  throw Error(err == ENOENT ? Errc::not_found : Errc::invalid_argument, std::string(op) + " " + path + ": " + why);
}

std::string real_path(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::canonical(path.empty() ? "." : path, ec);
  if (ec) fail("lstat", path, ec.value());
  return p.string();
}

std::string read_link(const std::string& path) {
  std::error_code ec;
  auto t = std::filesystem::read_symlink(path, ec);
  if (ec) fail("readlink", path, ec.value());
  return t.string();
}

const char* file_kind(mode_t m) {
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISFIFO(m)) return "a named pipe";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISLNK(m)) return "a symlink";
  return "an irregular file";
}
}  // namespace

std::string host_abs(const std::string& path) {
  std::string abs = path;
  if (abs.empty() || abs[0] != '/') abs = std::filesystem::current_path().string() + "/" + abs;
  return preserve_trailing(clean(abs), path);
}

void validate_output_path(const std::string& path) {
  std::string parent = dir(clean(path));
  struct stat st {};
  if (parent != "." && ::stat(parent.c_str(), &st) != 0 && errno == ENOENT)
    throw Error(Errc::not_found, "invalid output path: directory \"" + parent + "\" does not exist");
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    fail("stat", path, errno);
  }
  if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)) return;
  throw Error(Errc::invalid_argument, "invalid output path: \"" + path +
                                          "\" must be a directory or a regular file: got " + file_kind(st.st_mode));
}

CopyInfo destination_info(const std::string& original) {
  std::string path = original;
  struct stat st {};
  int r = ::lstat(path.c_str(), &st);
  for (int n = 0; r == 0 && S_ISLNK(st.st_mode); ++n) {
    if (n > 10) throw Error(Errc::invalid_argument, "too many symlinks in " + original);
    std::string target = read_link(path);
    path = target[0] == '/' ? target : join(split_dir_entry(path).first, target);
    r = ::lstat(path.c_str(), &st);
  }
  if (r == 0) return {path, true, S_ISDIR(st.st_mode), ""};
  if (errno != ENOENT) fail("lstat", path, errno);
  std::string parent = split_dir_entry(path).first;
  if (::stat(parent.c_str(), &st) != 0) fail("stat", parent, errno);
  if (!S_ISDIR(st.st_mode)) throw Error(Errc::invalid_argument, "not a directory");
  return {path, false, false, ""};
}

CopyInfo source_info(const std::string& path, bool follow_link) {
  CopyInfo info;
  if (follow_link) {
    std::string resolved = preserve_trailing(real_path(path), path);
    info.path = resolved;
    if (base(path) != base(resolved)) info.rebase_name = base(path);
  } else {
    size_t slash = path.rfind('/');
    std::string dir_part = path.substr(0, slash + 1), base_part = path.substr(slash + 1);
    info.path = real_path(dir_part) + "/" + base_part;
    if (!path.empty() && path.back() == '/' && base(path) != base(info.path)) info.rebase_name = base(path);
  }
  struct stat st {};
  if (::lstat(info.path.c_str(), &st) != 0) fail("lstat", info.path, errno);
  info.exists = true;
  info.is_dir = S_ISDIR(st.st_mode);
  return info;
}

}  // namespace strata::container::cp
