// EntryWriter: what an entry's owner, xattrs, mode and times become, and directory times last.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>

#include "common/error.h"
#include "container/copy_entry.h"
#include "container/copy_fs.h"
#include "container/copy_paths.h"

namespace strata::container::cp {

namespace {
std::string proc_path(int parent, const std::string& base) {
  return "/proc/self/fd/" + std::to_string(parent) + "/" + base;
}
}  // namespace

void EntryWriter::metadata(archive_entry* e, int parent, const std::string& base, int fd, const std::string& entry) {
  bool link = archive_entry_filetype(e) == AE_IFLNK;
  if (o_.owner || o_.chown) {
    uid_t uid = o_.owner ? o_.owner->first : static_cast<uid_t>(archive_entry_uid(e));
    gid_t gid = o_.owner ? o_.owner->second : static_cast<gid_t>(archive_entry_gid(e));
    if (::fchownat(parent, base.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) throw_errno("chown " + entry);
  }
  const char* name;
  const void* value;
  size_t size;
  archive_entry_xattr_reset(e);
  while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK) {
    int r = fd >= 0 ? ::fsetxattr(fd, name, value, size, 0) : ::lsetxattr(proc_path(parent, base).c_str(), name, value, size, 0);
    if (r != 0 && errno != ENOTSUP && errno != EPERM) throw_errno("set xattr " + std::string(name) + " on " + entry);
  }
  if (!link) {
    int r = fd >= 0 ? ::fchmod(fd, archive_entry_perm(e)) : ::fchmodat(parent, base.c_str(), archive_entry_perm(e), AT_SYMLINK_NOFOLLOW);
    if (r != 0) throw_errno("chmod " + entry);
  }
  if (archive_entry_filetype(e) == AE_IFDIR) return;  // times at the end
  timespec ts[2] = {{0, UTIME_OMIT}, {archive_entry_mtime(e), 0}};
  if (!archive_entry_mtime_is_set(e)) ts[1] = {0, UTIME_OMIT};
  if (fd >= 0) ::futimens(fd, ts);
  else ::utimensat(parent, base.c_str(), ts, AT_SYMLINK_NOFOLLOW);
}

void EntryWriter::finish() {
  for (auto it = dir_times_.rbegin(); it != dir_times_.rend(); ++it) {
    UniqueFd d(open_in(root_, join(dir_, it->first), O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    if (!d.valid()) continue;
    timespec ts[2] = {{0, UTIME_OMIT}, it->second};
    ::futimens(d.get(), ts);
  }
}

}  // namespace strata::container::cp
