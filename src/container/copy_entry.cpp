#include "container/copy_entry.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"

namespace strata::container::cp {

namespace {
bool inside(const std::string& path, const std::string& dir) {
  return dir == "/" || path == dir || path.compare(0, dir.size() + 1, dir + "/") == 0;
}
}  // namespace

EntryWriter::EntryWriter(int root_fd, std::string dir, const ExtractOptions& o) : root_(root_fd), dir_(std::move(dir)), o_(o) {}

void EntryWriter::refuse(const std::string& entry, const std::string& why) const {
  (void)entry;
  throw Error(Errc::invalid_argument, "Error processing tar file: " + why);
}

std::string EntryWriter::relative(const std::string& name, const std::string* link_of) const {
  // Docker's lexical rule: joined to the destination, the name must stay below it.
  std::string path = join(dir_, rebase(name, o_.rebase_from, o_.rebase_to));  // raw names, as Docker
  if (!inside(path, dir_)) {
    if (link_of) refuse(name, "invalid hardlink \"" + path + "\" -> \"" + *link_of + "\"");
    refuse(name, "\"" + name + "\" is outside of \"" + dir_ + "\"");
  }
  return path == dir_ ? "" : path.substr(dir_ == "/" ? 1 : dir_.size() + 1);
}

UniqueFd EntryWriter::parent_of(const std::string& rel, const std::string& entry) {
  for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1))
    if (symlinks_.count(rel.substr(0, slash)))
      refuse(entry, "\"" + entry + "\" goes through symlink \"" + rel.substr(0, slash) + "\" from the same archive");
  std::string parent = join(dir_, dir(rel));
  UniqueFd fd = open_dir_in(root_, parent);
  if (!fd.valid() && errno == ENOENT) fd = mkdir_all_in(root_, parent, 0755, o_.owner);
  if (!fd.valid()) {
    if (errno == ENOTDIR) refuse(entry, "\"" + entry + "\": a parent is not a directory");
    throw_errno("open " + parent);
  }
  return fd;
}

void EntryWriter::clear_way(int parent, const std::string& base, const std::string& rel, bool is_dir) {
  struct stat st {};
  if (::fstatat(parent, base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (S_ISDIR(st.st_mode) && is_dir) return;
  std::string path = join(dir_, rel);
  if (o_.no_overwrite_dir_non_dir && S_ISDIR(st.st_mode))
    throw Error(Errc::conflict, "cannot overwrite directory \"" + path + "\" with non-directory \"" + rel + "\"");
  if (o_.no_overwrite_dir_non_dir && is_dir)
    throw Error(Errc::conflict, "cannot overwrite non-directory \"" + path + "\" with directory \"" + rel + "\"");
  remove_tree_at(parent, base);
  symlinks_.erase(rel);
}

void EntryWriter::write(::archive* in, archive_entry* e) {
  const std::string entry = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
    if (std::string_view(name).starts_with("trusted.overlay."))
      refuse(entry, "\"" + entry + "\": xattr " + name + " is not allowed");
  std::string rel = relative(entry, nullptr);
  if (rel.empty()) return;  // "." itself: the destination exists already
  auto type = archive_entry_filetype(e);
  if (type == AE_IFSOCK) return;
  UniqueFd parent = parent_of(rel, entry);
  std::string base = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  clear_way(parent.get(), base, rel, type == AE_IFDIR && !archive_entry_hardlink(e));
  make(in, e, parent.get(), base, rel);
}

void EntryWriter::make(::archive* in, archive_entry* e, int parent, const std::string& base, const std::string& rel) {
  const std::string entry = archive_entry_pathname(e);
  if (const char* link = archive_entry_hardlink(e)) {
    std::string target = relative(link, &entry);
    UniqueFd t(open_in(root_, join(dir_, target), O_PATH | O_NOFOLLOW));
    if (!t.valid()) refuse(entry, "hardlink target \"" + std::string(link) + "\" of \"" + entry + "\" not found");
    if (::linkat(t.get(), "", parent, base.c_str(), AT_EMPTY_PATH) != 0) throw_errno("link " + entry);
    return;
  }
  mode_t perm = archive_entry_perm(e);
  UniqueFd fd;
  switch (archive_entry_filetype(e)) {
    case AE_IFDIR:
      if (::mkdirat(parent, base.c_str(), 0700) != 0 && errno != EEXIST) throw_errno("mkdir " + entry);
      fd.reset(::openat(parent, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!fd.valid()) throw_errno("open " + entry);
      dir_times_.push_back({rel, archive_entry_mtime_is_set(e) ? timespec{archive_entry_mtime(e), 0} : timespec{0, UTIME_OMIT}});
      break;
    case AE_IFLNK: {
      std::string target = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
      std::string path = join(dir_, rel);
      if (!inside(join(dir(path), target), dir_))
        refuse(entry, "invalid symlink \"" + path + "\" -> \"" + target + "\"");
      if (::symlinkat(target.c_str(), parent, base.c_str()) != 0) throw_errno("symlink " + entry);
      symlinks_.insert(rel);
      break;
    }
    case AE_IFCHR:
    case AE_IFBLK:
    case AE_IFIFO:
      if (::mknodat(parent, base.c_str(), archive_entry_filetype(e) | perm, archive_entry_rdev(e)) != 0)
        throw_errno("mknod " + entry);
      break;
    default: {  // regular
      // A bomb (a huge entry, maybe from a few compressed bytes) is refused before it fills the disk.
      struct statvfs vfs {};
      if (::fstatvfs(parent, &vfs) == 0 &&
          static_cast<uint64_t>(archive_entry_size(e)) > static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize)
        refuse(entry, "\"" + entry + "\" (" + std::to_string(archive_entry_size(e)) +
                          " bytes) does not fit in the space left on the destination");
      fd.reset(::openat(parent, base.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
      if (!fd.valid()) throw_errno("create " + entry);
      const void* buf;
      size_t len;
      la_int64_t off;
      int r;
      while ((r = archive_read_data_block(in, &buf, &len, &off)) == ARCHIVE_OK)
        for (size_t done = 0; done < len;) {
          ssize_t n = ::pwrite(fd.get(), static_cast<const char*>(buf) + done, len - done, off + done);
          if (n < 0 && errno == EINTR) continue;
          if (n < 0) throw_errno("write " + entry);
          done += static_cast<size_t>(n);
        }
      if (r != ARCHIVE_EOF) refuse(entry, archive::la_error(in, "truncated tar"));
      if (::ftruncate(fd.get(), archive_entry_size(e)) != 0) throw_errno("truncate " + entry);
    }
  }
  metadata(e, parent, base, fd.get(), entry);
}

}  // namespace strata::container::cp
