#include "volume/copy_up.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <memory>

#include "common/error.h"
#include "common/fd.h"
#include "common/rootfs.h"

namespace strata::volume {

namespace {
struct Ctx {
  int root;                                              // the destination's top directory
  std::map<std::pair<dev_t, ino_t>, std::string> links;  // hard-linked source -> first copy, relative to root
};

void copy_xattrs(int src, int dst) {
  char names[65536];
  ssize_t n = ::flistxattr(src, names, sizeof names);
  for (ssize_t i = 0; i < n; i += static_cast<ssize_t>(std::strlen(names + i)) + 1) {
    const char* name = names + i;
    if (std::strncmp(name, "trusted.overlay.", 16) == 0) continue;
    char value[65536];
    ssize_t len = ::fgetxattr(src, name, value, sizeof value);
    if (len >= 0) ::fsetxattr(dst, name, value, static_cast<size_t>(len), 0);
  }
}

// Owner, mode, then the xattrs of `src` (a chown drops security.capability, so they come after
// it), then times.
void finish(int src, int fd, const struct stat& st) {
  if (::fchown(fd, st.st_uid, st.st_gid) != 0) throw_errno("chown");
  if (::fchmod(fd, st.st_mode & 07777) != 0) throw_errno("chmod");  // after chown, which drops setuid
  copy_xattrs(src, fd);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  ::futimens(fd, times);
}

void copy_file(int sdir, int ddir, const char* name, const struct stat& st) {
  UniqueFd in(::openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!in.valid()) throw_errno(std::string("open ") + name);
  UniqueFd out(::openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!out.valid()) throw_errno(std::string("create ") + name);
  for (off_t left = st.st_size; left > 0;) {
    ssize_t n = ::copy_file_range(in.get(), nullptr, out.get(), nullptr, static_cast<size_t>(left), 0);
    if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
      char buf[1 << 16];
      n = ::read(in.get(), buf, sizeof buf);
      if (n > 0 && ::write(out.get(), buf, static_cast<size_t>(n)) != n) throw_errno(std::string("write ") + name);
    }
    if (n < 0) throw_errno(std::string("copy ") + name);
    if (n == 0) break;  // the file shrank meanwhile
    left -= n;
  }
  finish(in.get(), out.get(), st);
}

void copy_dir(int sdir, int ddir, const std::string& rel, Ctx& ctx) {
  int scan = ::dup(sdir);
  DIR* d = scan >= 0 ? ::fdopendir(scan) : nullptr;
  if (!d) throw_errno("read directory");
  std::unique_ptr<DIR, int (*)(DIR*)> guard(d, ::closedir);
  while (auto* e = ::readdir(d)) {
    const char* name = e->d_name;
    if (!std::strcmp(name, ".") || !std::strcmp(name, "..")) continue;
    struct stat st {};
    if (::fstatat(sdir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) throw_errno(std::string("stat ") + name);
    if (S_ISDIR(st.st_mode)) {
      if (::mkdirat(ddir, name, 0700) != 0) throw_errno(std::string("mkdir ") + name);
      UniqueFd s(::openat(sdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      UniqueFd t(::openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!s.valid() || !t.valid()) throw_errno(std::string("open ") + name);
      copy_dir(s.get(), t.get(), rel + name + "/", ctx);
      finish(s.get(), t.get(), st);
      continue;
    }
    if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
      auto [it, first] = ctx.links.try_emplace({st.st_dev, st.st_ino}, rel + name);
      if (!first) {  // the path is made of directories this copy created: no symlink in it
        if (::linkat(ctx.root, it->second.c_str(), ddir, name, 0) != 0) throw_errno(std::string("link ") + name);
        continue;
      }
    }
    if (S_ISREG(st.st_mode)) {
      copy_file(sdir, ddir, name, st);
    } else if (S_ISLNK(st.st_mode)) {
      std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = ::readlinkat(sdir, name, target.data(), target.size());
      if (n < 0) throw_errno(std::string("readlink ") + name);
      target.resize(static_cast<size_t>(n));
      if (::symlinkat(target.c_str(), ddir, name) != 0) throw_errno(std::string("symlink ") + name);
      ::fchownat(ddir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
      struct timespec times[2] = {st.st_atim, st.st_mtim};
      ::utimensat(ddir, name, times, AT_SYMLINK_NOFOLLOW);
    } else {  // devices, fifos, sockets
      if (::mknodat(ddir, name, st.st_mode, st.st_rdev) != 0) throw_errno(std::string("mknod ") + name);
      ::fchownat(ddir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW);
      ::fchmodat(ddir, name, st.st_mode & 07777, 0);
    }
  }
}

bool empty_dir(int fd) {
  int scan = ::dup(fd);
  DIR* d = scan >= 0 ? ::fdopendir(scan) : nullptr;
  if (!d) throw_errno("read directory");
  std::unique_ptr<DIR, int (*)(DIR*)> guard(d, ::closedir);
  while (auto* e = ::readdir(d))
    if (std::strcmp(e->d_name, ".") && std::strcmp(e->d_name, "..")) return false;
  return true;
}
}  // namespace

bool copy_image_content(const std::filesystem::path& rootfs, const std::string& target,
                        const std::filesystem::path& dest) {
  UniqueFd src;
  try {
    auto any = rootfs::open_in_root(rootfs, target, O_PATH);
    struct stat st {};
    if (::fstat(any.get(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
    src = rootfs::open_in_root(rootfs, target, O_RDONLY | O_DIRECTORY);
  } catch (const Error& e) {
    if (e.code() == Errc::not_found) return false;
    throw;
  }
  UniqueFd dst(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!dst.valid()) throw_errno("open " + dest.string());
  if (!empty_dir(dst.get())) return false;
  Ctx ctx{dst.get(), {}};
  copy_dir(src.get(), dst.get(), "", ctx);
  struct stat st {};
  if (::fstat(src.get(), &st) != 0) throw_errno("stat " + target);
  if (::fchown(dst.get(), st.st_uid, st.st_gid) != 0 || ::fchmod(dst.get(), st.st_mode & 07777) != 0)
    throw_errno("chown " + dest.string());
  copy_xattrs(src.get(), dst.get());
  return true;
}

}  // namespace strata::volume
