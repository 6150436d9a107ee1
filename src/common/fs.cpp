#include "common/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/error.h"
#include "common/fd.h"
#include "common/id.h"

namespace strata::fs {

std::string read_file(const stdfs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) throw Error(Errc::not_found, "no such file: " + path.string());
    throw_errno("open " + path.string());
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + path.string());
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void write_file_atomic(const stdfs::path& path, std::string_view data, bool sync) {
  stdfs::path tmp = path;
  tmp += ".tmp-" + random_hex(8);
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid()) throw_errno("create " + tmp.string());
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd.get(), data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::unlink(tmp.c_str());
      throw_errno("write " + tmp.string(), err);
    }
    off += static_cast<size_t>(n);
  }
  if (sync && ::fsync(fd.get()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw_errno("fsync " + tmp.string(), err);
  }
  fd.reset();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    throw_errno("rename " + path.string(), err);
  }
}

void sync_dir(const stdfs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open " + dir.string());
  if (::fsync(fd.get()) != 0) throw_errno("fsync " + dir.string());
}

void remove_all(const stdfs::path& path) {
  std::error_code ec;
  stdfs::remove_all(path, ec);  // does not follow symlinks
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw Error(Errc::system, "remove " + path.string() + ": " + ec.message());
}

stdfs::path find_executable(const stdfs::path& name) {
  if (name.is_absolute()) return name;
  std::string dirs = ::getenv("PATH") ? ::getenv("PATH") : "";
  dirs += ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (size_t start = 0, end; start <= dirs.size(); start = end + 1) {
    end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    auto candidate = stdfs::path(dirs.substr(start, end - start)) / name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

bool is_mount_point(const stdfs::path& path) {
  // statx says it in one call, bind mounts of the same filesystem included (Linux 5.8+).
  struct statx sx {};
  if (::statx(AT_FDCWD, path.c_str(), AT_SYMLINK_NOFOLLOW, STATX_TYPE, &sx) == 0 &&
      (sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
    return sx.stx_attributes & STATX_ATTR_MOUNT_ROOT;
  struct stat self {}, parent {};
  if (::lstat(path.c_str(), &self) != 0) return false;
  if (::lstat(path.parent_path().c_str(), &parent) != 0) return false;
  if (self.st_dev != parent.st_dev) return true;
  // Bind mounts of the same filesystem keep the device: look them up.
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  const std::string want = " " + stdfs::weakly_canonical(path).string() + " ";
  while (std::getline(in, line)) {
    // Field 5 is the mount point; compare it with spaces around it.
    std::istringstream fields(line);
    std::string f;
    for (int i = 0; i < 5 && (fields >> f); ++i) {
    }
    if (" " + f + " " == want) return true;
  }
  return false;
}

}  // namespace strata::fs
