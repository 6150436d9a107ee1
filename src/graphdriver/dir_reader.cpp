#include "graphdriver/dir_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/xattr.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.h"

namespace strata::graphdriver::detail {

DirListing::DirListing(int dir_fd, const std::string& what) {
  alignas(8) char buf[1 << 16];
  for (;;) {
    ssize_t n = ::getdents64(dir_fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read directory " + what);
    }
    if (n == 0) break;
    for (ssize_t off = 0; off < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + off);
      off += d->d_reclen;
      const char* s = d->d_name;
      if (s[0] == '.' && (s[1] == 0 || (s[1] == '.' && s[2] == 0))) continue;
      size_t len = std::strlen(s);
      uint64_t key = 0;
      for (size_t i = 0; i < 8; ++i) key = key << 8 | (i < len ? static_cast<unsigned char>(s[i]) : 0);
      items_.push_back({key, static_cast<uint32_t>(arena_.size()), static_cast<uint16_t>(len), d->d_type});
      arena_.append(s, len + 1);
    }
  }
  // Names hold no NUL, so zero padding keeps a prefix before its extensions: bytewise order.
  std::sort(items_.begin(), items_.end(), [this](const Item& a, const Item& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.len <= 8 || b.len <= 8) return a.len < b.len;
    int c = std::memcmp(arena_.data() + a.off + 8, arena_.data() + b.off + 8, std::min(a.len, b.len) - 8);
    return c != 0 ? c < 0 : a.len < b.len;
  });
}

UniqueFd open_dir(int dir_fd, const char* rel) {
  UniqueFd fd(::openat(dir_fd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) throw_errno(std::string("open directory ") + rel);
  return fd;
}

bool stat_at(int dir_fd, const char* rel, struct stat* st) {
  if (::fstatat(dir_fd, rel, st, AT_SYMLINK_NOFOLLOW) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  throw_errno(std::string("stat ") + rel);
}

static bool same_time(const timespec& a, const timespec& b) {
  return a.tv_sec == b.tv_sec && (a.tv_nsec == b.tv_nsec || a.tv_nsec == 0 || b.tv_nsec == 0);
}

bool stat_different(const struct stat& o, const struct stat& n) {
  if (o.st_mode != n.st_mode || o.st_uid != n.st_uid || o.st_gid != n.st_gid || o.st_rdev != n.st_rdev) return true;
  if (S_ISDIR(o.st_mode)) return false;  // dir size and mtime are no measure of change (moby#9874)
  return !same_time(o.st_mtim, n.st_mtim) || o.st_size != n.st_size;
}

bool is_opaque(int dir_fd) {
  char v[2];
  return ::fgetxattr(dir_fd, "trusted.overlay.opaque", v, sizeof v) == 1 && v[0] == 'y';
}

std::string capability(int dir_fd, std::string_view rel) {
  // No *xattrat() before Linux 6.13: go through the dir fd's /proc link; the last component of an
  // lgetxattr path is not followed.
  std::string p = "/proc/self/fd/" + std::to_string(dir_fd) + "/" + std::string(rel);
  char buf[256];  // a vfs_ns_cap_data is 24 bytes
  ssize_t n = ::lgetxattr(p.c_str(), "security.capability", buf, sizeof buf);
  if (n >= 0) return std::string(buf, static_cast<size_t>(n));
  if (errno == ENODATA || errno == ENOTSUP) return "";
  throw_errno("getxattr security.capability of " + std::string(rel));
}

LowerDir::LowerDir(int root_fd, std::string rel, bool map_names) : root_(root_fd), rel_(std::move(rel)) {
  if (map_names) load();
}

void LowerDir::load() {
  UniqueFd fd = open_dir(root_, rel_.c_str());
  DirListing entries(fd.get(), rel_);
  names_.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) names_.emplace(entries.name(i), entries.type(i));
  mapped_ = true;
}

std::string LowerDir::child(std::string_view name) const {
  return rel_ == "." ? std::string(name) : rel_ + "/" + std::string(name);
}

const LowerDir::Names& LowerDir::names() {
  if (!mapped_) load();
  return names_;
}

LowerDir::Hit LowerDir::find(std::string_view name, struct stat* st) {
  struct stat local {};
  if (mapped_) {
    auto it = names_.find(name);
    if (it == names_.end()) return absent;
    bool need = st || it->second == DT_CHR || it->second == DT_UNKNOWN;
    if (!need) return present;
  }
  struct stat* s = st ? st : &local;
  if (!stat_at(root_, child(name).c_str(), s)) return absent;
  return is_whiteout(*s) ? whiteout : present;
}

}  // namespace strata::graphdriver::detail
